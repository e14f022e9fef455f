// An event a little out of order goes to its key's slot just before the one it hit last, or to a
// new slot between the two; window-store.ts finds both from the last slot and the one before it
// instead of searching from the key's head. Whichever way a slot is found, the event lands in it:
//
//   tumbling 10, ooo 100 (nothing closes before the end)
//   a@5 a@25 a@15 a@7 a@26 a@16 a@3     w0: 5 7 3    w10: 15 16    w20: 25 26
//             ^ new, between w0 and w20 (the slot before the last one hit, and the last)
//                   ^ w0: the slot before the last one hit (w10)
//                        ^ w20: after the last one hit
//                              ^ w10: the slot before w20 again
//                                   ^ w0: before that one, found from the head

import { describe, expect, it } from 'vitest';
import { ev, runOneBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

const events = [5, 25, 15, 7, 26, 16, 3].map((t) => ev('a', t, t));

describe('events out of order by a window or two', () => {
  it('land in the tumbling window of their time', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 100, accs: [{ kind: 'sum', value: 0 }] });
    const { results } = runOneBatch(job, events);
    expect(results.map((r) => [r.start, r.count, r.accs[0]])).toEqual([
      [0, 3, 15],
      [10, 2, 31],
      [20, 2, 51],
    ]);
  });

  it('land in the hopping pane of their time', () => {
    // size 20, slide 10: panes p0 {5 7 3}, p10 {15 16}, p20 {25 26}
    const job = windowJob({ sizeMs: 20, slideMs: 10, outOfOrdernessMs: 100, accs: [{ kind: 'sum', value: 0 }] });
    const { results } = runOneBatch(job, events);
    expect(results.map((r) => [r.start, r.count, r.accs[0]])).toEqual([
      [-10, 3, 15],
      [0, 5, 46],
      [10, 4, 82],
      [20, 2, 51],
    ]);
  });
});
