// A context left semi-context whose CPython dict has grown past 5 contexts ("big") keeps the set of
// right ids it holds (L_BIG_RIGHTS, assembly/detectors/context-layout.ts) so that settling its
// statistics and activating its contexts visit only its occupied slots. The field lives in bytes
// the small dict used for its slots' right ids, which states saved before it existed still hold:
// so the loader derives it from the dict's 32-slot block and never trusts the saved bytes. Pinned
// here by saving a state with big dicts, overwriting those bytes of every big left with zeros
// (what an older state, or a damaged one, may hold), loading it and continuing: every row and the
// final state must equal the uninterrupted run's.

import { describe, expect, it } from 'vitest';
import { resolveDetectorParams } from '../../src/detect/detector-catalog.js';
import { savedStateBytes } from '../../src/detect/detector-snapshot.js';
import { debugDetectors, firstDifference } from '../support/detector-series.js';
import { createState, stepState } from '../support/detector-snapshots.js';

/** Offsets of the saved context state (assembly/detectors/context-save.ts, context-layout.ts). */
const CTX_BYTES = 64;
const LEFT_BYTES = 128;
const L_BIG = 32;
const L_BIG_RIGHTS = 84;

/** Uniform [0, 1) from a fixed LCG. */
function uniform(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x + 0.5) / 4294967296;
  };
}

/** Zeroes L_BIG_RIGHTS of every left whose dict is big; returns how many there were. */
function forgetBigRights(saved: Buffer): number {
  const headerBytes = saved.readInt32LE(4);
  let at = 8 + headerBytes;
  const contexts = saved.readInt32LE(at);
  at += 4 + contexts * CTX_BYTES;
  const lefts = saved.readInt32LE(at);
  at += 4;
  let big = 0;
  for (let i = 0; i < lefts; i++) {
    const left = at + i * LEFT_BYTES;
    if (saved.readInt32LE(left + L_BIG) < 0) continue;
    saved.writeInt32LE(0, left + L_BIG_RIGHTS);
    big++;
  }
  return big;
}

describe('a loaded context state derives which right ids its big dicts hold', () => {
  it('continues exactly when the saved occupancy of every big dict is zeroed', () => {
    const u = uniform(11);
    const values = Array.from({ length: 3000 }, () => Math.floor(u() * 8));
    const detector = resolveDetectorParams('context', { inputMin: 0, inputMax: 7, restPeriod: 20 });
    const kind = detector.spec.kind;
    const k = debugDetectors();
    const state = createState(k, detector);
    const cut = 1500;
    stepState(k, detector, state, values, 0, cut);
    const saved = savedStateBytes(k, kind, state);
    expect(forgetBigRights(saved)).toBeGreaterThan(10);

    const fresh = debugDetectors();
    const p = fresh.detectorBufferAlloc(saved.length);
    new Uint8Array(fresh.memory.buffer, p, saved.length).set(saved);
    const loaded = fresh.detectorLoad(kind, p, saved.length);
    fresh.detectorBufferFree(p);
    expect(loaded).not.toBe(0);

    const expected = stepState(k, detector, state, values, cut, values.length);
    const actual = stepState(fresh, detector, loaded, values, cut, values.length);
    const difference = firstDifference(actual, expected, values.slice(cut));
    if (difference) expect.fail(`after loading at row ${cut}: ${difference}`);
    expect(savedStateBytes(fresh, kind, loaded).equals(savedStateBytes(k, kind, state))).toBe(true);
  });
});
