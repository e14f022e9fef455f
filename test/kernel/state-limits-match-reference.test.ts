// State limits (DESIGN.md, "State limits are dead letters decided in the kernel"): with small
// maxKeys and maxOpenWindows, the WASM kernel refuses exactly the events the reference refuses
// (state-limit-reference.ts), and the windows it does keep give exactly the reference's results and
// late events — for tumbling, hopping, revising and session windows, whatever the batch splits.
//
//   maxKeys 2, size 10:  a@1 b@2 c@3 → c refused;  b@12 closes [0,10): a and b hold nothing → c@13 kept

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { hoppingWindowing, sessionWindowing, windowing, withEmission, withSessionEmission } from '../support/window-arbitraries.js';
import { assertKernelMatchesReference, assertSessionsMatchReference } from '../support/window-properties.js';

/** Limits small enough that the rows' key pools (up to 300 keys) and out-of-order events hit them often. */
function limited<W>(shapes: fc.Arbitrary<W>): fc.Arbitrary<W & { maxKeys: number; maxOpenWindows: number }> {
  return shapes.chain((w) => fc.record({ maxKeys: fc.integer({ min: 1, max: 8 }), maxOpenWindows: fc.integer({ min: 1, max: 4 }) }).map((l) => ({ ...w, ...l })));
}

describe('state limits: the kernel refuses exactly what the reference refuses', () => {
  it('tumbling windows', () => {
    assertKernelMatchesReference(limited(windowing), 200);
  });

  it('hopping windows', () => {
    assertKernelMatchesReference(limited(hoppingWindowing), 200);
  });

  it('windows kept for allowed lateness, with update results', () => {
    assertKernelMatchesReference(limited(withEmission(windowing, { mode: 'update', lateness: true })), 150);
  });

  it('hopping windows kept for allowed lateness, with early results', () => {
    assertKernelMatchesReference(limited(withEmission(hoppingWindowing, { mode: 'early', lateness: true })), 150);
  });

  it('session windows, with and without maxDuration', () => {
    assertSessionsMatchReference(limited(sessionWindowing), 200);
  });

  it('session windows kept for allowed lateness, with update results', () => {
    assertSessionsMatchReference(limited(withSessionEmission(sessionWindowing, { mode: 'update', lateness: true })), 150);
  });
});
