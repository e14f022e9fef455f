// WASM change-point vs src/reference/detectors/change-point-reference.ts: the same f64 operations in
// the same order (sqrt is correctly rounded in both; nothing else but +, −, ·, /, min, max), so
// every output word must be identical — no tolerance. Low thresholds make alarms, and so restarts,
// frequent.

import fc from 'fast-check';
import { describe } from 'vitest';
import { debugDetectors } from '../support/detector-series.js';
import { itWritesTheReferenceRows } from '../support/detector-properties.js';

const k = debugDetectors();

const params = fc.record({
  drift: fc.constantFrom(0, 0.25, 0.5, 1),
  threshold: fc.constantFrom(0.5, 2, 5, 8, 20),
  clip: fc.constantFrom(1.5, 3, 10),
  alpha: fc.constantFrom(1, 0.5, 0.1, 0.01, 0.001),
  warmup: fc.integer({ min: 2, max: 40 }),
});

describe('WASM change-point writes the reference rows, word for word', () => {
  itWritesTheReferenceRows(k, 'change-point', params);
});
