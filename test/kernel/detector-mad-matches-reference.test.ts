// WASM mad vs src/reference/detectors/mad-reference.ts, which sorts the window and the absolute
// deviations afresh for every event. The kernel finds the same order statistics by binary search
// (sorted window, k-th of two sorted deviation lists) and computes each deviation as the same f64
// (m − s and s − m round symmetrically), and the score needs only +, ·, /: every output word must
// be identical — no tolerance. Small windows make the ring wrap and evict often.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bothRows, firstDifference, injectedSeries, debugDetectors } from '../support/detector-series.js';
import { itWritesTheReferenceRows } from '../support/detector-properties.js';

const k = debugDetectors();

const params = fc.record({
  window: fc.oneof(fc.integer({ min: 3, max: 12 }), fc.integer({ min: 13, max: 90 })),
  threshold: fc.constantFrom(0.5, 1, 3, 4, 8),
  warmup: fc.integer({ min: 2, max: 40 }),
});

describe('WASM mad writes the reference rows, word for word', () => {
  itWritesTheReferenceRows(k, 'mad', params);

  it('with a large window (1000) on noise with a level shift', () => {
    const values = injectedSeries('level-shift', 11);
    const { kernel, reference } = bothRows(k, 'mad', { window: 1000 }, values);
    const diff = firstDifference(kernel, reference, values);
    if (diff) expect.fail(diff);
  });

  it('on quantised data full of ties (integers 0..3)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 400 }), params, (ints, p) => {
        const values = Float64Array.from(ints);
        const { kernel, reference } = bothRows(k, 'mad', p, values);
        const diff = firstDifference(kernel, reference, values);
        if (diff) expect.fail(diff);
      }),
      { numRuns: 200 },
    );
  });
});
