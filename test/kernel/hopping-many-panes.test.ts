// Hopping windows of many panes (size/slide up to 40, so blocks of up to 40 panes whose tails are
// folded right to left) equal the reference, whatever the batch boundaries.

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { windowing } from '../support/window-arbitraries.js';
import { assertKernelMatchesReference } from '../support/window-properties.js';

const manyPanes = windowing.chain((w) =>
  fc.record({ slide: fc.integer({ min: 1, max: 4 }), panes: fc.integer({ min: 7, max: 40 }) }).map(({ slide, panes }) => ({
    ...w,
    sizeMs: slide * panes,
    slideMs: slide,
  })),
);

describe('hopping windows of many panes', () => {
  it('equal the reference on random events, out-of-orderness and batch splits', () => {
    assertKernelMatchesReference(manyPanes, 150);
  });
});
