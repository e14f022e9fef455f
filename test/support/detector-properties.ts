// The property every detector kernel shares with its TypeScript reference: the same rows, word for
// word, on random series with random params and on each injected anomaly at the defaults. Each
// detector's test file adds its own hand-drawn cases beside it.

import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { DetectorExports } from '../../src/wasm/detector-exports.js';
import type { DetectorName } from '../../src/detect/detector-catalog.js';
import { type AnomalyShape, bothRows, firstDifference, injectedSeries, randomSeries } from './detector-series.js';

const SHAPES: readonly AnomalyShape[] = ['spike', 'dip', 'level-shift', 'trend-change', 'variance-change'];

/** Declares the two shared `it`s for detector `name` inside the caller's describe(). */
export function itWritesTheReferenceRows(k: DetectorExports, name: DetectorName, params: fc.Arbitrary<Record<string, number>>): void {
  it('on random series (constant runs, noise, magnitudes 1e-150..1e150, both signs) with random params', () => {
    fc.assert(
      fc.property(randomSeries, params, (values, p) => {
        const { kernel, reference } = bothRows(k, name, p, values);
        const diff = firstDifference(kernel, reference, values);
        if (diff) expect.fail(diff);
      }),
      { numRuns: 300 },
    );
  });

  it('at the defaults, on noise with each injected anomaly', () => {
    for (const shape of SHAPES) {
      const values = injectedSeries(shape, 7);
      const { kernel, reference } = bothRows(k, name, {}, values);
      const diff = firstDifference(kernel, reference, values);
      if (diff) expect.fail(`${shape}: ${diff}`);
    }
  });
}
