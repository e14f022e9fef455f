import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adversarialStream, capacity, debugSpaceSaving, guaranteeViolation, referenceSketch, trueCounts, wasmEntries, wasmSketch, zipfStream,
  type ItemStream,
} from '../support/space-saving-streams.js';

// The bounds of Metwally et al. against exact counts: every item with frequency > n/m is
// reported, and each count c with error e brackets the truth, c − e ≤ f ≤ c, with e ≤ n/m.

const ss = debugSpaceSaving();

function holds(m: number, stream: ItemStream): void {
  const truth = trueCounts(stream);
  const s = wasmSketch(ss, m, stream);
  const wasm = wasmEntries(ss, s);
  expect(ss.ssCount(s)).toBe(stream.length);
  expect(ss.ssSize(s)).toBe(Math.min(m, truth.size));
  ss.ssFree(s);
  expect(guaranteeViolation(wasm, truth, stream.length, m)).toBeUndefined();
  expect(guaranteeViolation(referenceSketch(m, stream).top(m), truth, stream.length, m)).toBeUndefined();
}

describe('every item above n/m is reported, with a count within its error of the truth', () => {
  it('on Zipf-like streams', () => {
    fc.assert(fc.property(capacity, zipfStream, holds), { numRuns: 150 });
  });

  it('on bursts, round robins, late heavy hitters and interleaved singletons', () => {
    fc.assert(fc.property(capacity, adversarialStream, holds), { numRuns: 150 });
  });

  it('counts are exact while there are no more distinct items than counters', () => {
    fc.assert(
      fc.property(zipfStream, (stream) => {
        const truth = trueCounts(stream);
        const s = wasmSketch(ss, Math.max(1, truth.size), stream);
        const entries = wasmEntries(ss, s);
        ss.ssFree(s);
        expect(entries.every((e) => e.error === 0 && e.count === truth.get(e.item))).toBe(true);
        expect(entries.length).toBe(truth.size);
      }),
      { numRuns: 60 },
    );
  });
});
