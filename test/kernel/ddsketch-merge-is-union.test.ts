import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DDSketchReference } from '../../src/reference/ddsketch-reference.js';
import { addAll, dataOf, dataSets, debugSketches } from '../support/ddsketch-kernel.js';

const k = debugSketches();

/** q at every rank of n values, plus the named ones: the whole answer of a sketch. */
function everyRank(n: number, most = 400): number[] {
  const m = Math.min(n, most);
  return [0, 0.5, 0.9, 0.99, 0.999, 1, ...Array.from({ length: m }, (_, i) => i / Math.max(1, m - 1))];
}

// Bins 2048 holds the data whole; bins 40 makes both parts and the union collapse, at different
// places: collapsing lowest is order-independent, so the union's bins are still the same.
const maxBinsChoices = fc.constantFrom(2048, 40, 3);

describe('merging two sketches gives the sketch of the union: same bins, so the same quantiles', () => {
  it('WASM: ddsMerge(a, b) answers every quantile exactly as one sketch of a ∪ b', () => {
    fc.assert(
      fc.property(dataSets, dataSets, maxBinsChoices, (x, y, maxBins) => {
        const xs = dataOf(x.shape, x.n, x.seed);
        const ys = dataOf(y.shape, y.n, y.seed);
        const a = k.ddsCreate(0.01, maxBins);
        const b = k.ddsCreate(0.01, maxBins);
        const u = k.ddsCreate(0.01, maxBins);
        addAll(k, a, xs);
        addAll(k, b, ys);
        addAll(k, u, [...xs, ...ys]);
        k.ddsMerge(a, b);
        expect(k.ddsCount(a)).toBe(k.ddsCount(u));
        expect(k.ddsMin(a)).toBe(k.ddsMin(u));
        expect(k.ddsMax(a)).toBe(k.ddsMax(u));
        for (const q of everyRank(xs.length + ys.length)) expect(k.ddsQuantile(a, q)).toBe(k.ddsQuantile(u, q));
        // b is left as it was.
        expect(k.ddsCount(b)).toBe(ys.length);
        for (const s of [a, b, u]) k.ddsFree(s);
      }),
      { numRuns: 100 },
    );
  });

  it('reference: merge gives exactly the bins of the union', () => {
    fc.assert(
      fc.property(dataSets, dataSets, maxBinsChoices, (x, y, maxBins) => {
        const xs = dataOf(x.shape, Math.min(x.n, 1000), x.seed);
        const ys = dataOf(y.shape, Math.min(y.n, 1000), y.seed);
        const a = new DDSketchReference(0.01, maxBins);
        const b = new DDSketchReference(0.01, maxBins);
        const u = new DDSketchReference(0.01, maxBins);
        for (const v of xs) a.add(v);
        for (const v of ys) b.add(v);
        for (const v of [...xs, ...ys]) u.add(v);
        a.merge(b);
        expect(a.bins()).toEqual(u.bins());
        for (const q of everyRank(xs.length + ys.length, 50)) expect(a.quantile(q)).toBe(u.quantile(q));
      }),
      { numRuns: 60 },
    );
  });

  it('a chain of merges (hopping windows merge panes) equals one sketch of everything', () => {
    const parts = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => dataOf(seed % 2 === 0 ? 'mixed-sign' : 'pareto', 2000, seed));
    const whole = k.ddsCreate(0.01, 2048);
    addAll(k, whole, parts.flat());
    const acc = k.ddsCreate(0.01, 2048);
    for (const part of parts) {
      const pane = k.ddsCreate(0.01, 2048);
      addAll(k, pane, part);
      k.ddsMerge(acc, pane);
      k.ddsFree(pane);
    }
    for (const q of everyRank(16_000)) expect(k.ddsQuantile(acc, q)).toBe(k.ddsQuantile(whole, q));
  });

  it('merging an empty sketch changes nothing, and merging into an empty one copies', () => {
    const values = dataOf('mixed-sign', 500, 3);
    const a = k.ddsCreate(0.01, 2048);
    addAll(k, a, values);
    const before = everyRank(500).map((q) => k.ddsQuantile(a, q));
    const empty = k.ddsCreate(0.01, 2048);
    k.ddsMerge(a, empty);
    expect(everyRank(500).map((q) => k.ddsQuantile(a, q))).toEqual(before);
    k.ddsMerge(empty, a);
    expect(everyRank(500).map((q) => k.ddsQuantile(empty, q))).toEqual(before);
  });

  it('sketches of different accuracy refuse to merge', () => {
    const a = k.ddsCreate(0.01, 2048);
    const b = k.ddsCreate(0.02, 2048);
    expect(() => k.ddsMerge(a, b)).toThrow(/different relative accuracy/);
    expect(() => new DDSketchReference(0.01).merge(new DDSketchReference(0.02))).toThrow(/different relative accuracy/);
  });
});
