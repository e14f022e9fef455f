// KeyedDetector (detection on window results) snapshots by key bytes in the one keyed format a
// detection job's kernel writes too: restored into a fresh instance whose key table interned the
// keys in another order, it judges the rest exactly as the original goes on judging; and a
// detection job's snapshot restores into a KeyedDetector (and back) with the same result.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTORS_BEST_FIRST, resolveDetectorParams } from '../../src/detect/detector-catalog.js';
import { restoreDetectEvents, snapshotDetectEvents } from '../../src/detect/detector-snapshot.js';
import { KeyedDetector } from '../../src/detect/series-detector.js';
import { seededRandom } from '../../src/demo/seeded-random.js';
import { detectorExports } from '../../src/wasm/detector-exports.js';
import type { KernelExports } from '../../src/wasm/kernel-module.js';
import { detectBatch, detectKernel, internText, keyBytes } from '../support/detect-events-kernel.js';
import { firstDifference, normal } from '../support/detector-series.js';

const KEYS = ['north', 'south', 'east-1', 'west/2', 'µ'];

function internBytes(w: KernelExports, bytes: Uint8Array): number {
  const p = w.reserveScratch(Math.max(1, bytes.length));
  new Uint8Array(w.memory.buffer, p, bytes.length).set(bytes);
  return w.internKey(p, bytes.length);
}

function seriesOf(picks: readonly number[], seed: number): { keys: string[]; times: Float64Array; values: Float64Array } {
  const r = seededRandom(seed);
  return {
    keys: picks.map((i) => KEYS[i]!),
    times: Float64Array.from(picks, (_, i) => i * 60_000),
    values: Float64Array.from(picks, (i) => 100 * i + normal(r) * (2 + i) + (r() < 0.02 ? 60 : 0)),
  };
}

const picksArb = fc.array(fc.integer({ min: 0, max: KEYS.length - 1 }), { minLength: 1, maxLength: 400 });

describe('KeyedDetector snapshots restore by key bytes, in the detection job format', () => {
  for (const spec of DETECTORS_BEST_FIRST) {
    it(`${spec.name}: into a fresh instance with another interning order`, () => {
      fc.assert(
        fc.property(picksArb, fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (picks, seed, at) => {
          const detector = resolveDetectorParams(spec.name, spec.name === 'context' ? { restPeriod: 10 } : {});
          const { keys, times, values } = seriesOf(picks, seed);
          const cut = Math.floor(at * keys.length);
          const wa = detectKernel(detector);
          const a = new KeyedDetector(detectorExports(wa), detector, 1);
          a.run(keys.slice(0, cut).map((key) => internText(wa, key)), times.subarray(0, cut), values.subarray(0, cut));
          const snapshot = a.snapshot((id) => keyBytes(wa, id));

          const wb = detectKernel(detector);
          for (const key of [...KEYS].reverse()) internText(wb, `${key}-other`);
          const b = new KeyedDetector(detectorExports(wb), detector, 1);
          expect(b.restore(snapshot, (bytes) => internBytes(wb, bytes))).toBe(new Set(keys.slice(0, cut)).size);

          const rest = keys.slice(cut);
          const expected = a.run(rest.map((key) => internText(wa, key)), times.subarray(cut), values.subarray(cut));
          const actual = b.run(rest.map((key) => internText(wb, key)), times.subarray(cut), values.subarray(cut));
          const diff = firstDifference(actual, expected, values.subarray(cut));
          if (diff) expect.fail(`restored at row ${cut}: ${diff}`);
          a.free();
          b.free();
        }),
        { numRuns: spec.name === 'context' ? 40 : 80 },
      );
    });

    it(`${spec.name}: a detection job's snapshot restores into a KeyedDetector, and the other way`, () => {
      const detector = resolveDetectorParams(spec.name, spec.name === 'context' ? { restPeriod: 10 } : {});
      const { keys, times, values } = seriesOf(Array.from({ length: 600 }, (_, i) => (i * 7) % KEYS.length), 9);
      const cut = 350;
      const job = detectKernel(detector);
      detectBatch(job, keys.slice(0, cut), times.subarray(0, cut), values.subarray(0, cut));
      const fromJob = snapshotDetectEvents(job, detector);

      const wk = detectKernel(detector);
      const keyed = new KeyedDetector(detectorExports(wk), detector);
      keyed.restore(fromJob, (bytes) => internBytes(wk, bytes));
      const expected = detectBatch(job, keys.slice(cut), times.subarray(cut), values.subarray(cut));
      const viaKeyed = keyed.run(keys.slice(cut).map((key) => internText(wk, key)), times.subarray(cut), values.subarray(cut));
      const diff = firstDifference(viaKeyed, expected, values.subarray(cut));
      if (diff) expect.fail(`job → KeyedDetector: ${diff}`);

      // And back: the KeyedDetector's snapshot after the whole series into a new job kernel.
      const back = detectKernel(detector);
      restoreDetectEvents(back, detector, keyed.snapshot((id) => keyBytes(wk, id)));
      expect(snapshotDetectEvents(back, detector).equals(snapshotDetectEvents(job, detector))).toBe(true);
    });
  }
});
