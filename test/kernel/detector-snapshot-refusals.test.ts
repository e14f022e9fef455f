// A snapshot that cannot be restored is refused with an error that says why and what to do, and
// refusing changes nothing: another detector, other params, another format version, the wrong
// scope, damaged or cut bytes. Below the header, the kernel's loads refuse (return 0, never trap)
// any state bytes of the wrong kind, version or length, or with an index outside its regions.

import { describe, expect, it } from 'vitest';
import { DETECTORS_BEST_FIRST, resolveDetectorParams } from '../../src/detect/detector-catalog.js';
import { DetectorSnapshotError, decodeSnapshot, encodeSnapshot } from '../../src/detect/detector-snapshot-format.js';
import { loadDetectorState, restoreDetectEvents, saveDetectorState, savedStateBytes, snapshotDetectEvents } from '../../src/detect/detector-snapshot.js';
import { KeyedDetector } from '../../src/detect/series-detector.js';
import { detectBatch, detectKernel } from '../support/detect-events-kernel.js';
import { debugDetectors, injectedSeries } from '../support/detector-series.js';
import { createState, stepState } from '../support/detector-snapshots.js';

const k = debugDetectors();
const values = injectedSeries('spike', 11).subarray(0, 300);

function refusal(f: () => unknown): DetectorSnapshotError {
  try {
    f();
  } catch (err) {
    if (err instanceof DetectorSnapshotError) return err;
    throw err;
  }
  return expect.fail('expected a DetectorSnapshotError');
}

/** A state of `name` at the defaults after the series, and its snapshot. */
function savedAfterSeries(name: string, params: Record<string, number> = {}): { snapshot: Buffer; raw: Buffer } {
  const detector = resolveDetectorParams(name, params);
  const state = createState(k, detector);
  stepState(k, detector, state, values, 0, values.length);
  const snapshot = saveDetectorState(k, detector, state);
  const raw = savedStateBytes(k, detector.spec.kind, state);
  k.detectorFree(detector.spec.kind, state);
  return { snapshot, raw };
}

/** detectorLoad straight on bytes: the state address (freed at once) or 0. */
function kernelLoad(kind: number, bytes: Uint8Array): number {
  const p = k.detectorBufferAlloc(bytes.length);
  new Uint8Array(k.memory.buffer, p, bytes.length).set(bytes);
  const state = k.detectorLoad(kind, p, bytes.length);
  k.detectorBufferFree(p);
  if (state !== 0) k.detectorFree(kind, state);
  return state;
}

describe('snapshots refused', () => {
  it('made by another detector: says which made it and which restores it', () => {
    const { snapshot } = savedAfterSeries('zscore');
    const err = refusal(() => loadDetectorState(k, resolveDetectorParams('mad', {}), snapshot));
    expect(err.reason).toBe('detector');
    expect(err.message).toMatch(/made by detector "zscore", but this job detects with "mad"/);
  });

  it('made with other params: names each param that differs, both values', () => {
    const { snapshot } = savedAfterSeries('zscore', { alpha: 0.05 });
    const err = refusal(() => loadDetectorState(k, resolveDetectorParams('zscore', { alpha: 0.02, threshold: 5 }), snapshot));
    expect(err.reason).toBe('params');
    expect(err.message).toContain('alpha 0.05 in the snapshot, 0.02 now');
    expect(err.message).toContain('threshold 4 in the snapshot, 5 now');
    // A learned range (NaN params) matches itself.
    const ctx = savedAfterSeries('context', { restPeriod: 20 });
    expect(loadDetectorState(k, resolveDetectorParams('context', { restPeriod: 20 }), ctx.snapshot)).toBeGreaterThan(0);
    expect(refusal(() => loadDetectorState(k, resolveDetectorParams('context', { restPeriod: 20, inputMin: 0 }), ctx.snapshot)).message).toContain('inputMin NaN in the snapshot, 0 now');
  });

  it('of another format version, the wrong scope, or not a snapshot at all', () => {
    const { snapshot } = savedAfterSeries('mad');
    const detector = resolveDetectorParams('mad', {});
    const future = Buffer.from(snapshot);
    future.writeUInt16LE(2, 4);
    const version = refusal(() => loadDetectorState(k, detector, future));
    expect(version.reason).toBe('version');
    expect(version.message).toMatch(/format version 2, but this eddy reads version 1/);
    expect(refusal(() => decodeSnapshot(snapshot, 'keyed', detector)).reason).toBe('scope');
    expect(refusal(() => loadDetectorState(k, detector, Buffer.from('{"not":"a snapshot"}'))).message).toMatch(/does not start with "EDDT"/);
  });

  it('damaged or cut: the checksum or the length says so', () => {
    const { snapshot } = savedAfterSeries('spike-dip');
    const detector = resolveDetectorParams('spike-dip', {});
    for (const at of [snapshot.length - 1, snapshot.length - 100, 60]) {
      const flipped = Buffer.from(snapshot);
      flipped[at]! ^= 0x10;
      expect(refusal(() => loadDetectorState(k, detector, flipped)).reason).toMatch(/checksum|malformed/);
    }
    expect(refusal(() => loadDetectorState(k, detector, snapshot.subarray(0, snapshot.length - 8))).message).toMatch(/truncated/);
    expect(refusal(() => loadDetectorState(k, detector, snapshot.subarray(0, 20))).reason).toBe('malformed');
  });

  it('a sound header over bytes the kernel refuses (another build\'s state format) is refused, not trapped', () => {
    const detector = resolveDetectorParams('change-point', {});
    const { raw } = savedAfterSeries('change-point');
    const other = Buffer.from(raw);
    other[0] = 99; // another state version
    const err = refusal(() => loadDetectorState(k, detector, encodeSnapshot('state', detector, other)));
    expect(err.message).toMatch(/kernel refused the state/);
  });

  for (const spec of DETECTORS_BEST_FIRST) {
    it(`${spec.name}: the kernel refuses wrong kind, version and every wrong length`, () => {
      const params = spec.name === 'context' ? { maxContexts: 300, restPeriod: 20 } : spec.name === 'mad' ? { window: 16 } : {};
      const { raw } = savedAfterSeries(spec.name, params);
      expect(kernelLoad(spec.kind, raw)).toBeGreaterThan(0);
      const otherKind = (spec.kind % 5) + 1;
      expect(kernelLoad(otherKind, raw)).toBe(0);
      const version = Buffer.from(raw);
      version[0] = version[0]! + 1;
      expect(kernelLoad(spec.kind, version)).toBe(0);
      expect(kernelLoad(spec.kind, Buffer.concat([raw, Buffer.alloc(1)]))).toBe(0);
      const step = Math.max(1, Math.floor(raw.length / 400));
      for (let n = 0; n < raw.length; n += step) expect(kernelLoad(spec.kind, raw.subarray(0, n)), `cut to ${n} of ${raw.length} bytes`).toBe(0);
    });
  }

  it('context: an index pointing outside its region is refused', () => {
    const { raw } = savedAfterSeries('context', { maxContexts: 300, restPeriod: 20 });
    const headerBytes = raw.readInt32LE(4);
    const contexts = raw.readInt32LE(8 + headerBytes);
    expect(contexts).toBeGreaterThan(1);
    const first = 8 + headerBytes + 4;
    for (const [field, value] of [[40, 40], [44, 1 << 20], [52, 1 << 20]] as const) {
      const bad = Buffer.from(raw);
      bad.writeInt32LE(value, first + field); // context 0's right id, left id, index list head
      expect(kernelLoad(5, bad), `context field ${field} = ${value}`).toBe(0);
    }
  });

  it('keyed: a bad state in a detection job snapshot changes nothing (all or nothing)', () => {
    const detector = resolveDetectorParams('zscore', {});
    const job = detectKernel(detector);
    detectBatch(job, ['a', 'b', 'c'], [0, 1, 2], [1, 2, 3]);
    const good = snapshotDetectEvents(job, detector);
    const body = decodeSnapshot(good, 'keyed', detector);
    const bad = Buffer.from(body);
    bad[bad.length - 60]! ^= 0xff; // inside the last key's state: its format word
    const target = detectKernel(detector);
    const before = target.keyTableSize();
    const err = refusal(() => restoreDetectEvents(target, detector, encodeSnapshot('keyed', detector, bad)));
    expect(err.message).toMatch(/kernel refused a key's state/);
    expect(target.keyTableSize()).toBe(before);
    expect(restoreDetectEvents(target, detector, good)).toBe(3);

    const keyed = new KeyedDetector(k, detector);
    expect(refusal(() => keyed.restore(encodeSnapshot('keyed', detector, bad), () => expect.fail('no key may be interned'))).reason).toBe('malformed');
    keyed.free();
  });
});
