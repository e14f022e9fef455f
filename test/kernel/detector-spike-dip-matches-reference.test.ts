// WASM spike-dip vs src/reference/detectors/spike-dip-reference.ts, which sorts copies of the level
// window and of the residual history for every event. The kernel reads the same medians off its
// sorted windows, and the score and the band's bisected quantile need only +, ·, /: every output
// word must be identical — no tolerance. Small windows make both rings wrap and evict often.

import fc from 'fast-check';
import { describe } from 'vitest';
import { debugDetectors } from '../support/detector-series.js';
import { itWritesTheReferenceRows } from '../support/detector-properties.js';

const k = debugDetectors();

const params = fc.record({
  mode: fc.constantFrom(0, 1, 2),
  confidence: fc.constantFrom(50, 90, 95, 99, 99.5, 99.99),
  historySize: fc.integer({ min: 8, max: 70 }),
  levelWindow: fc.integer({ min: 1, max: 9 }),
});

describe('WASM spike-dip writes the reference rows, word for word', () => {
  itWritesTheReferenceRows(k, 'spike-dip', params);
});
