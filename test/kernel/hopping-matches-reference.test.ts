// Hopping windows from panes equal the event-by-event reference exactly — results (each window the
// merge of its panes as they were when the watermark passed its end), their order, and late events —
// whatever the batch boundaries.
//
//   size 6, slide 2:  |p0 |p2 |p4 |p6 |p8 |
//   windows:          [0,6) = p0⊕p2⊕p4   [2,8) = p2⊕p4⊕p6   [4,10) = p4⊕p6⊕p8 …

import { describe, expect, it } from 'vitest';
import { ev, runOneBatch } from '../support/window-batches.js';
import { hoppingWindowing } from '../support/window-arbitraries.js';
import { assertKernelMatchesReference } from '../support/window-properties.js';
import { windowJob } from '../support/test-jobs.js';

describe('hopping windows', () => {
  it('equal the reference on random events, windows, out-of-orderness and batch splits', () => {
    assertKernelMatchesReference(hoppingWindowing, 300);
  });

  it('hand-drawn: every event lands in size/slide windows; a pane event after a window closed misses only that window', () => {
    // size 6, slide 2, ooo 0.   events: a@1 a@3 a@7 (wm 7: [0,6) closes) a@5 (pane 4: [2,8), [4,10) still open)
    const job = windowJob({ sizeMs: 6, slideMs: 2 });
    const { results, late } = runOneBatch(job, [ev('a', 1), ev('a', 3), ev('a', 7), ev('a', 5)]);
    expect(late).toEqual([]);
    expect(results.map((r) => [r.start, r.end, r.count])).toEqual([
      [-4, 2, 1], // p0
      [-2, 4, 2], // p0 p2
      [0, 6, 2], // p0 p2 p4 — closed by a@7, before a@5 arrived
      [2, 8, 3], // p2 p4 p6 (a@3, a@5, a@7)
      [4, 10, 2], // p4 p6
      [6, 12, 1], // p6
    ]);
  });
});
