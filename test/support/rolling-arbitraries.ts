// Random rolling-window job shapes for the rolling kernel properties (events: window-arbitraries' `rows`).

import fc from 'fast-check';
import { windowing } from './window-arbitraries.js';

/**
 * Rolling job shapes: a span of 1…5 ms (many time blocks, windows of one or two rows) or 1…60 ms
 * (the rows' steps are 0…15 ms, so windows of several rows and block changes inside them); half the
 * time a row bound of 1…8 (sub-blocks, and windows cut by count); out-of-orderness and
 * accumulators as for tumbling windows.
 */
export const rollingWindowing = windowing.chain((w) =>
  fc
    .record({
      spanMs: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 60 })),
      maxRows: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined, freq: 2 }),
    })
    .map(({ spanMs, maxRows }) => ({
      outOfOrdernessMs: w.outOfOrdernessMs,
      valueCount: w.valueCount,
      accs: w.accs,
      spanMs,
      ...(maxRows === undefined ? {} : { maxRows }),
    })),
);
