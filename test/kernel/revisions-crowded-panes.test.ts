// Revised hopping windows whose panes hold hundreds of keys: a pane's arrival order and its rows of
// head bits (the finals' and each early lane's, early-heads.ts) grow past their first 64 slots while
// their bits are live, and the results still equal the reference.

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { crowdedRows, windowing, withEmission, type EmissionCase } from '../support/window-arbitraries.js';
import { assertKernelMatchesReference } from '../support/window-properties.js';

const crowdedHopping = windowing.chain((w) =>
  fc.record({ slide: fc.integer({ min: 2, max: 8 }), panes: fc.integer({ min: 2, max: 8 }) }).map(({ slide, panes }) => ({
    ...w,
    sizeMs: slide * panes,
    slideMs: slide,
  })),
);

const cases: readonly EmissionCase[] = [
  { mode: 'early', lateness: false },
  { mode: 'early', lateness: true },
  { mode: 'final', lateness: true },
];

describe.each(cases)('crowded panes, emit $mode, allowed lateness: $lateness', (c) => {
  it('hopping windows equal the reference', () => {
    assertKernelMatchesReference(withEmission(crowdedHopping, c), 25, (w) => crowdedRows(w.valueCount));
  });
});
