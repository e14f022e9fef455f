import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addAll, adversarialStream, capacity, debugSpaceSaving, referenceSketch, wasmEntries, zipfStream,
} from '../support/space-saving-streams.js';

// The WASM kernel (Stream-Summary buckets) and the reference (a heap keyed by count and the time a
// counter reached it) must agree exactly: same items, counts, errors and order, which can only
// hold if both replace the same counter on every miss.

const ss = debugSpaceSaving();
const anyStream = fc.oneof(zipfStream, adversarialStream);

describe('the WASM sketch equals the TypeScript reference', () => {
  it('in every counter, after each of several prefixes', () => {
    fc.assert(
      fc.property(capacity, anyStream, fc.integer({ min: 1, max: 5 }), (m, stream, checks) => {
        const s = ss.ssCreate(m);
        const r = referenceSketch(m, []);
        const step = Math.max(1, Math.ceil(stream.length / checks));
        try {
          for (let at = 0; at < stream.length; at += step) {
            const part = stream.slice(at, at + step);
            addAll(ss, s, part);
            for (const item of part) r.add(item);
            expect(wasmEntries(ss, s)).toEqual(r.top(m));
            expect(ss.ssMinCount(s)).toBe(r.minCount);
          }
          expect(ss.ssCount(s)).toBe(r.n);
        } finally {
          ss.ssFree(s);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('for every k, top(k) is the first k of the full order', () => {
    fc.assert(
      fc.property(capacity, zipfStream, fc.integer({ min: 0, max: 50 }), (m, stream, k) => {
        const s = ss.ssCreate(m);
        addAll(ss, s, stream);
        const r = referenceSketch(m, stream);
        const wasm = wasmEntries(ss, s, k);
        ss.ssFree(s);
        expect(wasm).toEqual(r.top(k));
        expect(wasm).toEqual(r.top(m).slice(0, k));
      }),
      { numRuns: 100 },
    );
  });
});
