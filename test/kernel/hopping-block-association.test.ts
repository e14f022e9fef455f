// A hopping window's sum is its tail's right fold ⊕ its head's left fold, cut at the tumbling grid
// of the same size — not the left fold of all its panes, which gives other last bits. 1e16 + 1
// rounds back to 1e16 (doubles are 2 apart there), 1e16 + 2 does not:
//
//   size 4, slide 1:   block [0, 4)        block [4, 8)
//                      |p0 |p1 |p2 |p3 |p4 |p5 |p6 |p7 |
//   events:                        1e16  1   1
//   [1, 5) = p3 ⊕ p4              = 1e16 + 1           = 1e16
//   [2, 6) = p3 ⊕ (p4 ⊕ p5)       = 1e16 + 2           (left fold: (1e16 + 1) + 1 = 1e16)
//   [3, 7) = p3 ⊕ (p4 ⊕ p5)       = 1e16 + 2
//   [4, 8) = p4 ⊕ p5 (no tail)    = 2

import { describe, expect, it } from 'vitest';
import { ev, runOneBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('hopping window words', () => {
  it('are the tail right fold merged with the head left fold, cut at the size grid', () => {
    const job = windowJob({ sizeMs: 4, slideMs: 1, accs: [{ kind: 'sum', value: 0 }] });
    const { results } = runOneBatch(job, [ev('a', 3, 1e16), ev('a', 4, 1), ev('a', 5, 1)]);
    expect(results.map((r) => [r.start, r.end, r.count, r.accs[0]])).toEqual([
      [0, 4, 1, 1e16],
      [1, 5, 2, 1e16],
      [2, 6, 3, 1e16 + 2],
      [3, 7, 3, 1e16 + 2],
      [4, 8, 2, 2],
      [5, 9, 1, 1],
    ]);
  });

  it('follow an event into a pane already folded (the key is rebuilt from its panes)', () => {
    // size 4, slide 1, out-of-orderness 2: a@6 closes [.., 4); a@4 then lands in p4, already in
    // [1, 5) (closed) and folded into the open windows' cached head; [2, 6) onwards must see it.
    const job = windowJob({ sizeMs: 4, slideMs: 1, outOfOrdernessMs: 2, accs: [{ kind: 'sum', value: 0 }] });
    const { results } = runOneBatch(job, [ev('a', 3, 1), ev('a', 4, 10), ev('a', 7, 100), ev('a', 4, 1000)]);
    expect(results.map((r) => [r.start, r.end, r.accs[0]])).toEqual([
      [0, 4, 1],
      [1, 5, 11], // closed by a@7 (watermark 5), before the second a@4
      [2, 6, 1011],
      [3, 7, 1011],
      [4, 8, 1110],
      [5, 9, 100],
      [6, 10, 100],
      [7, 11, 100],
    ]);
  });

  it('come by key in order of earliest pane in the window, then first arrival in it', () => {
    // size 2, slide 1.   p0: b a    p1: a c b
    //   [-1, 1): b a          [0, 2): b a c (all by p0 first; c only in p1)
    //   [1, 3):  a c b        (p0 is out: p1's arrival order)
    const job = windowJob({ sizeMs: 2, slideMs: 1 });
    const { results } = runOneBatch(job, [ev('b', 0), ev('a', 0), ev('a', 1), ev('c', 1), ev('b', 1)]);
    expect(results.map((r) => `${r.start}:${r.key}`)).toEqual(['-1:b', '-1:a', '0:b', '0:a', '0:c', '1:a', '1:c', '1:b']);
  });
});
