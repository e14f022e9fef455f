import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addAll, adversarialStream, capacity, debugSpaceSaving, guaranteeViolation, referenceSketch, trueCounts, wasmEntries, wasmSketch, zipfStream,
  type ItemStream,
} from '../support/space-saving-streams.js';

// Mergeable summaries (Agarwal et al. 2012): merging sketches of A and B must give the Space-Saving
// bounds of A ∪ B with n = nA + nB — heavy hitters above n/m kept, c − e ≤ f ≤ c, e ≤ n/m — and
// the WASM merge must equal the reference merge exactly. Streams mix both kinds so that the two
// sides share some items and not others.

const ss = debugSpaceSaving();
const anyStream = fc.oneof(zipfStream, adversarialStream);

describe('merged sketches keep the bounds of the union', () => {
  it('merge(A, B) against the true counts of A ∪ B, and equal to the reference', () => {
    fc.assert(
      fc.property(capacity, anyStream, anyStream, (m, a, b) => {
        const sa = wasmSketch(ss, m, a);
        const sb = wasmSketch(ss, m, b);
        const ra = referenceSketch(m, a);
        expect(ss.ssMerge(sa, sb)).toBe(1);
        ra.merge(referenceSketch(m, b));
        const merged = wasmEntries(ss, sa);
        const n = ss.ssCount(sa);
        ss.ssFree(sa);
        ss.ssFree(sb);
        expect(n).toBe(a.length + b.length);
        expect(guaranteeViolation(merged, trueCounts(a, b), n, m)).toBeUndefined();
        expect(merged).toEqual(ra.top(m));
      }),
      { numRuns: 100 },
    );
  });

  it('a tree of merges with adds after each merge keeps the bounds of everything seen', () => {
    fc.assert(
      fc.property(capacity, fc.array(anyStream, { minLength: 2, maxLength: 6 }), zipfStream, (m, parts, tail) => {
        // Pairwise merges as hopping windows merge panes, then more items into the result.
        let level = parts.map((p) => ({ s: wasmSketch(ss, m, p), r: referenceSketch(m, p) }));
        while (level.length > 1) {
          const next: typeof level = [];
          for (let i = 0; i < level.length; i += 2) {
            const x = level[i]!;
            const y = level[i + 1];
            if (y) {
              ss.ssMerge(x.s, y.s);
              x.r.merge(y.r);
              ss.ssFree(y.s);
            }
            next.push(x);
          }
          level = next;
        }
        const root = level[0]!;
        addAll(ss, root.s, tail);
        for (const item of tail) root.r.add(item);
        const entries = wasmEntries(ss, root.s);
        const n = ss.ssCount(root.s);
        ss.ssFree(root.s);
        const all: ItemStream[] = [...parts, tail];
        expect(n).toBe(all.reduce((t, p) => t + p.length, 0));
        expect(guaranteeViolation(entries, trueCounts(...all), n, m)).toBeUndefined();
        expect(entries).toEqual(root.r.top(m));
      }),
      { numRuns: 50 },
    );
  });

  it('merging sketches that never filled is exact', () => {
    fc.assert(
      fc.property(zipfStream, zipfStream, (a, b) => {
        const truth = trueCounts(a, b);
        const m = Math.max(1, truth.size);
        const sa = wasmSketch(ss, m, a);
        const sb = wasmSketch(ss, m, b);
        ss.ssMerge(sa, sb);
        const merged = wasmEntries(ss, sa);
        ss.ssFree(sa);
        ss.ssFree(sb);
        expect(new Map(merged.map((e) => [e.item, e.count]))).toEqual(truth);
        expect(merged.every((e) => e.error === 0)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('merging a sketch into itself doubles every count, error and n', () => {
    fc.assert(
      fc.property(capacity, anyStream, (m, stream) => {
        const s = wasmSketch(ss, m, stream);
        const before = wasmEntries(ss, s);
        const r = referenceSketch(m, stream);
        ss.ssMerge(s, s);
        r.merge(r);
        const after = wasmEntries(ss, s);
        expect(ss.ssCount(s)).toBe(2 * stream.length);
        ss.ssFree(s);
        expect(after).toEqual(before.map((e) => ({ ...e, count: 2 * e.count, error: 2 * e.error })));
        expect(after).toEqual(r.top(m));
      }),
      { numRuns: 50 },
    );
  });
});
