// WASM zscore vs src/reference/detectors/zscore-reference.ts: the same f64 operations in the same
// order (sqrt is correctly rounded in both, and the score's erf is A&S 7.1.28, which needs only
// +, ·, /), so every output word must be identical — no tolerance.

import fc from 'fast-check';
import { describe } from 'vitest';
import { debugDetectors } from '../support/detector-series.js';
import { itWritesTheReferenceRows } from '../support/detector-properties.js';

const k = debugDetectors();

const params = fc.record({
  alpha: fc.constantFrom(1, 0.5, 0.1, 0.02, 0.001),
  threshold: fc.constantFrom(0.5, 1, 3, 4, 8),
  warmup: fc.integer({ min: 2, max: 40 }),
});

describe('WASM zscore writes the reference rows, word for word', () => {
  itWritesTheReferenceRows(k, 'zscore', params);
});
