// A hopping result's quantile and distinct sketches are made from cached folds (a tail suffix ⊕ a
// head prefix, pane-entry-sketches.ts), not from the window's panes one by one: they must still
// answer exactly as one sketch fed every event of the window — at every rank, every register —
// whatever the batch splits, out-of-order events (which mark keys dirty and rebuild their folds)
// and late ones.
//
//   size 3 slides, block start G:   | p0 | p1 | p2 | p3 | p4 |
//                                          G
//   window [p1, p4) = suffix(p1: p1 ⊕ p2) ⊕ prefix(p3)         (one fresh sketch, two merges)

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReferenceEvent } from '../../src/reference/window-reference.js';
import { batches, cuts, MAX_BATCH, rows } from '../support/window-arbitraries.js';
import type { BatchRow } from '../support/window-batches.js';
import { hoppingSketchJob, kernelSketchAnswers, referenceSketchAnswers, withUser } from '../support/hopping-sketch-runs.js';

const shapes = fc.record({
  slideMs: fc.integer({ min: 1, max: 20 }),
  panes: fc.integer({ min: 1, max: 8 }),
  offsetMs: fc.integer({ min: -50, max: 50 }),
  outOfOrdernessMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 80 })),
});

describe('hopping quantile and distinct sketches', () => {
  it('answer every rank and hold every register of one sketch of the window\'s events', () => {
    fc.assert(
      fc.property(shapes, rows(1), cuts, (w, rs, at) => {
        const job = hoppingSketchJob(w, MAX_BATCH);
        let i = 0;
        const rowsWithUsers: BatchRow[] = rs.map((r) => ('event' in r ? { event: withUser(r.event, i++) } : r));
        const events: ReferenceEvent[] = rowsWithUsers.flatMap((r) => ('event' in r ? [r.event] : []));
        const expected = referenceSketchAnswers(job, events);
        const got = kernelSketchAnswers(job, batches(rowsWithUsers, at));
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
