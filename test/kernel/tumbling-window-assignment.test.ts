import { describe, expect, it } from 'vitest';
import { referenceWindows } from '../../src/reference/window-reference.js';
import { ev, runOneBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('tumbling windows are [start, start + size): an event exactly at a window end opens the next window', () => {
  // size 10, offset 0, ooo 0:
  //
  //        |0 ................ 10)|10 ............... 20)|
  // a:      0            9         10               19
  // b:            5
  //
  // [0,10)  → a: 0, 9   b: 5        [10,20) → a: 10, 19
  it('0 and 9 share [0,10); 10 and 19 share [10,20)', () => {
    const job = windowJob({ sizeMs: 10, accs: [{ kind: 'sum', value: 0 }] });
    const events = [ev('a', 0, 1), ev('b', 5, 2), ev('a', 9, 3), ev('a', 10, 4), ev('a', 19, 5)];
    const expected = [
      { key: 'a', start: 0, end: 10, count: 2, accs: [4] },
      { key: 'b', start: 0, end: 10, count: 1, accs: [2] },
      { key: 'a', start: 10, end: 20, count: 2, accs: [9] },
    ];
    expect(runOneBatch(job, events)).toEqual({ results: expected, late: [] });
    expect(referenceWindows(job, events)).toEqual({ results: expected, late: [] });
  });

  // size 1: every millisecond is its own window.
  //
  //        |0)|1)|2)|
  // a:      0  1  1
  it('size 1 ms: one window per millisecond', () => {
    const job = windowJob({ sizeMs: 1 });
    const events = [ev('a', 0), ev('a', 1), ev('a', 1)];
    const expected = [
      { key: 'a', start: 0, end: 1, count: 1, accs: [1] },
      { key: 'a', start: 1, end: 2, count: 2, accs: [2] },
    ];
    expect(runOneBatch(job, events).results).toEqual(expected);
    expect(referenceWindows(job, events).results).toEqual(expected);
  });

  // Real epoch times, 10 s windows: 1700000009999 and 1700000010000 are one millisecond and one window apart.
  //
  //   |1700000000000 ..... 1700000010000)|1700000010000 ..... 1700000020000)|
  //                   1700000009999       1700000010000
  it('epoch-millisecond times on 10 s windows', () => {
    const job = windowJob({ sizeMs: 10_000 });
    const events = [ev('s', 1_700_000_009_999), ev('s', 1_700_000_010_000)];
    expect(runOneBatch(job, events).results.map((r) => [r.start, r.end])).toEqual([
      [1_700_000_000_000, 1_700_000_010_000],
      [1_700_000_010_000, 1_700_000_020_000],
    ]);
  });
});
