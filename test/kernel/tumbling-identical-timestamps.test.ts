import { describe, expect, it } from 'vitest';
import { referenceWindows } from '../../src/reference/window-reference.js';
import { ev, outputs, runKernelWindows, runOneBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('events with identical timestamps all count, per key, in input order', () => {
  // size 10, ooo 0:   |0 ......... 10)|
  // events (t):             5 5 5 5 5 5        keys b a b c a b, values 1 2 3 4 5 6
  //
  // wm = 5 after the first; the rest have the same time, so none is late.
  const job = windowJob({
    sizeMs: 10,
    accs: [
      { kind: 'sum', value: 0 },
      { kind: 'min', value: 0 },
      { kind: 'max', value: 0 },
    ],
  });
  const events = [ev('b', 5, 1), ev('a', 5, 2), ev('b', 5, 3), ev('c', 5, 4), ev('a', 5, 5), ev('b', 5, 6)];
  const expected = [
    { key: 'b', start: 0, end: 10, count: 3, accs: [10, 1, 6] },
    { key: 'a', start: 0, end: 10, count: 2, accs: [7, 2, 5] },
    { key: 'c', start: 0, end: 10, count: 1, accs: [4, 4, 4] },
  ];

  it('one result per key, keys in order of their first event', () => {
    expect(runOneBatch(job, events)).toEqual({ results: expected, late: [] });
    expect(referenceWindows(job, events)).toEqual({ results: expected, late: [] });
  });

  it('the same when each event is its own batch', () => {
    expect(outputs(runKernelWindows(job, events.map((event) => [{ event }])))).toEqual({ results: expected, late: [] });
  });

  // size 10, ooo 0:   |0 ......... 10)|10 ........ 20)|
  // events (t):                          10 10          the second 10 is not late: wm 10 < end 20
  it('a timestamp equal to the watermark is on time when its window is still open', () => {
    expect(runOneBatch(windowJob({ sizeMs: 10 }), [ev('a', 10), ev('a', 10)]).late).toEqual([]);
  });
});
