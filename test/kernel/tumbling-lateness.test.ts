import { describe, expect, it } from 'vitest';
import { referenceWindows } from '../../src/reference/window-reference.js';
import { ev, outputs, runKernelWindows, runOneBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('an event is late when its window ends at or before the watermark left by the events before it', () => {
  // size 10, ooo 2:   |0 ......... 10)|10 ........ 20)|
  // events (t):         1  4        9    12  13            wm after 13 = 11 → [0,10) closes
  // then:                        8                          [0,10) ends at 10 ≤ 11 → late
  it('an event for a window the watermark has passed goes to the late list, with its window and the watermark', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 2 });
    const events = [ev('a', 1), ev('a', 4), ev('a', 9), ev('a', 12), ev('a', 13), ev('a', 8)];
    const expected = {
      results: [
        { key: 'a', start: 0, end: 10, count: 3, accs: [3] },
        { key: 'a', start: 10, end: 20, count: 2, accs: [2] },
      ],
      late: [{ index: 5, start: 0, end: 10, watermark: 11 }],
    };
    expect(runOneBatch(job, events)).toEqual(expected);
    expect(referenceWindows(job, events)).toEqual(expected);
  });

  // size 10, ooo 2:   |0 ......... 10)|10 ........ 20)|
  // events (t):                    5     12                 wm after 12 = 10 = end of [0,10)
  // then:                        5                          end 10 ≤ wm 10 → late (end == watermark)
  it('end == watermark is late', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 2 });
    const events = [ev('a', 5), ev('a', 12), ev('a', 5)];
    const got = runOneBatch(job, events);
    expect(got.late).toEqual([{ index: 2, start: 0, end: 10, watermark: 10 }]);
    expect(got.results.map((r) => [r.start, r.count])).toEqual([[0, 1], [10, 1]]);
    expect(referenceWindows(job, events)).toEqual(got);
  });

  // size 10, ooo 2:   |0 ......... 10)|10 ........ 20)|
  // events (t):                          11                 wm after 11 = 9 < 10
  // then:                        5                          end 10 > wm 9 → on time, counted in [0,10)
  it('one millisecond before: end == watermark + 1 is on time', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 2 });
    const events = [ev('a', 11), ev('a', 5)];
    const got = runOneBatch(job, events);
    expect(got.late).toEqual([]);
    expect(got.results.map((r) => [r.start, r.count])).toEqual([[0, 1], [10, 1]]);
  });

  // size 10, ooo 0:   |0 ......... 10)|10 ........ 20)|
  // batch 1:                             12             closes [0,10)? nothing is in it
  // batch 2:                     5                       late: the verdict does not depend on the split
  it('the verdict is the same whether the late event comes in the same batch or the next', () => {
    const job = windowJob({ sizeMs: 10 });
    const one = outputs(runKernelWindows(job, [[{ event: ev('a', 12) }, { event: ev('a', 5) }]]));
    const two = outputs(runKernelWindows(job, [[{ event: ev('a', 12) }], [{ event: ev('a', 5) }]]));
    expect(one.late).toEqual([{ index: 1, start: 0, end: 10, watermark: 12 }]);
    expect(two).toEqual(one);
  });

  // size 10, ooo 0:   |0 ......... 10)|10 ........ 20)|20 ........ 30)|
  // events (t):                          15                 wm 15
  // then:                        3                          late (wm stays 15)
  // then:                                            25     wm 25; [10,20) closes with only 15
  it('a late event is not counted anywhere and does not move the watermark', () => {
    const job = windowJob({ sizeMs: 10 });
    const events = [ev('a', 15, 1), ev('a', 3, 100), ev('a', 25, 1)];
    const got = runOneBatch(job, events);
    expect(got.late).toEqual([{ index: 1, start: 0, end: 10, watermark: 15 }]);
    expect(got.results).toEqual([
      { key: 'a', start: 10, end: 20, count: 1, accs: [1] },
      { key: 'a', start: 20, end: 30, count: 1, accs: [1] },
    ]);
  });
});
