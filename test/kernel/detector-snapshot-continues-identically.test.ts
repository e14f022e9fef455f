// Every detector's state, saved at any row and loaded into a fresh kernel instance, goes on
// exactly as the original: continuing both with the rest of the series gives the same rows, word
// for word (Object.is: −0 ≠ +0, NaN = NaN). The state crosses as snapshot bytes with their header
// (saveDetectorState / loadDetectorState), as a successor process would receive it.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTORS_BEST_FIRST, resolveDetectorParams } from '../../src/detect/detector-catalog.js';
import { debugDetectors, randomSeries } from '../support/detector-series.js';
import { contextSeries, continueFromSnapshot, snapshotParams } from '../support/detector-snapshots.js';

const k = debugDetectors();

describe('a loaded detector state continues exactly as the saved one', () => {
  for (const spec of DETECTORS_BEST_FIRST) {
    it(`${spec.name}, random series, params and cut`, () => {
      fc.assert(
        fc.property(randomSeries, snapshotParams[spec.name], fc.double({ min: 0, max: 1, noNaN: true }), (values, params, at) => {
          const cut = Math.floor(at * values.length);
          const { difference } = continueFromSnapshot(k, resolveDetectorParams(spec.name, params), values, cut);
          if (difference) expect.fail(`${JSON.stringify(params)}: ${difference}`);
        }),
        { numRuns: spec.name === 'context' ? 150 : 250 },
      );
    });
  }

  it('context, series of levels, cycles, constant runs and noise (what makes it learn and freeze)', () => {
    fc.assert(
      fc.property(contextSeries, snapshotParams.context, fc.double({ min: 0, max: 1, noNaN: true }), (values, params, at) => {
        const cut = Math.floor(at * values.length);
        const { difference } = continueFromSnapshot(k, resolveDetectorParams('context', params), values, cut);
        if (difference) expect.fail(`${JSON.stringify(params)}: ${difference}`);
      }),
      { numRuns: 300 },
    );
  });
});
