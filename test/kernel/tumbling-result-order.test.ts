import { describe, expect, it } from 'vitest';
import { referenceWindows } from '../../src/reference/window-reference.js';
import { ev, runKernelWindows } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('results come out by window end, then by each key’s first event in that window (not by key id)', () => {
  // size 10, ooo 100 (nothing closes before the drain):
  //
  //        |0 ......... 10)|10 ........ 20)|20 ........ 30)|
  // z:       1                         19
  // a:                       11              21
  // m:             5                         22
  //
  // key ids by first appearance: z=0, a=1, m=2; but in [10,20) a comes before z.
  it('windows in end order; within a window, keys in order of their first event there', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 100 });
    const events = [ev('z', 1), ev('a', 11), ev('m', 5), ev('z', 19), ev('a', 21), ev('m', 22)];
    const expected = [
      ['z', 0],
      ['m', 0],
      ['a', 10],
      ['z', 10],
      ['a', 20],
      ['m', 20],
    ];
    const got = runKernelWindows(job, [events.slice(0, 3).map((event) => ({ event })), events.slice(3).map((event) => ({ event }))]);
    expect(got.results.map((r) => [r.key, r.start])).toEqual(expected);
    expect(referenceWindows(job, events).results.map((r) => [r.key, r.start])).toEqual(expected);
  });
});
