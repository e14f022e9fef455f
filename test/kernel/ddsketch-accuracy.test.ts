import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DDSketchReference } from '../../src/reference/ddsketch-reference.js';
import { addAll, anyFiniteValues, dataOf, dataSets, debugSketches, exactLowerQuantile, NAMED_QUANTILES, withinRelative } from '../support/ddsketch-kernel.js';

const k = debugSketches();
const randomQuantiles = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 });

/** Every quantile asked of `answer` is within α of the exact lower quantile of `values`. */
function expectAccurate(values: readonly number[], qs: readonly number[], alpha: number, answer: (q: number) => number): void {
  const sorted = Float64Array.from(values).sort();
  for (const q of qs) {
    const exact = exactLowerQuantile(sorted, q);
    const estimate = answer(q);
    if (!withinRelative(estimate, exact, alpha)) {
      expect.fail(`q=${q}: estimate ${estimate} is not within ${alpha} of the exact ${exact} (n=${values.length})`);
    }
  }
}

describe('every reported quantile is within the relative accuracy of the exact order statistic of rank floor(q·(n−1))', () => {
  it('WASM and reference, α = 0.01, 2048 bins: uniform, lognormal, pareto, constant, negative, zero-heavy and mixed-sign data', () => {
    fc.assert(
      fc.property(dataSets, randomQuantiles, ({ shape, n, seed }, extra) => {
        const values = dataOf(shape, n, seed);
        const qs = [...NAMED_QUANTILES, ...extra];
        const s = k.ddsCreate(0.01, 2048);
        addAll(k, s, values);
        expectAccurate(values, qs, 0.01, (q) => k.ddsQuantile(s, q));
        k.ddsFree(s);
        const ref = new DDSketchReference(0.01, 2048);
        for (const v of values) ref.add(v);
        expectAccurate(values, qs, 0.01, (q) => ref.quantile(q));
      }),
      { numRuns: 300 },
    );
  });

  it('WASM and reference, other accuracies (0.001 … 0.2), values one at a time with ddsAdd', () => {
    fc.assert(
      fc.property(dataSets, fc.constantFrom(0.001, 0.005, 0.02, 0.05, 0.2), randomQuantiles, ({ shape, n, seed }, alpha, extra) => {
        const values = dataOf(shape, Math.min(n, 500), seed);
        const qs = [...NAMED_QUANTILES, ...extra];
        // Enough bins for the data's range at this α: accuracy without any collapse.
        const s = k.ddsCreate(alpha, 1 << 17);
        for (const v of values) k.ddsAdd(s, v);
        expectAccurate(values, qs, alpha, (q) => k.ddsQuantile(s, q));
        k.ddsFree(s);
        const ref = new DDSketchReference(alpha, 1 << 17);
        for (const v of values) ref.add(v);
        expectAccurate(values, qs, alpha, (q) => ref.quantile(q));
      }),
      { numRuns: 100 },
    );
  });

  it('WASM and reference on arbitrary doubles from 1e-300 to 1e300 in magnitude (bins enough for the whole f64 range)', () => {
    fc.assert(
      fc.property(anyFiniteValues, randomQuantiles, (values, extra) => {
        const qs = [...NAMED_QUANTILES, ...extra];
        const s = k.ddsCreate(0.01, 1 << 17);
        addAll(k, s, values);
        expectAccurate(values, qs, 0.01, (q) => k.ddsQuantile(s, q));
        k.ddsFree(s);
        const ref = new DDSketchReference(0.01, 1 << 17);
        for (const v of values) ref.add(v);
        expectAccurate(values, qs, 0.01, (q) => ref.quantile(q));
      }),
      { numRuns: 200 },
    );
  });

  it('every rank, not only the named quantiles, on one large lognormal sample', () => {
    const values = dataOf('mixed-sign', 20_000, 7);
    const s = k.ddsCreate(0.01, 2048);
    addAll(k, s, values);
    const n = values.length;
    const qs = Array.from({ length: n }, (_, r) => r / (n - 1));
    expectAccurate(values, qs, 0.01, (q) => k.ddsQuantile(s, q));
    k.ddsFree(s);
  });
});
