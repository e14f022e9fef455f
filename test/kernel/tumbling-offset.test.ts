import { describe, expect, it } from 'vitest';
import { referenceWindows } from '../../src/reference/window-reference.js';
import { ev, runOneBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('an offset shifts the window grid: start ≡ offset (mod size), negative offsets included', () => {
  // size 10, offset -3 (≡ 7):   |-3 ....... 7)|7 ........ 17)|17 ....... 27)|
  // events (t):                    0       6    7         16    17
  it('offset -3 aligns windows at …, -3, 7, 17, …', () => {
    const job = windowJob({ sizeMs: 10, offsetMs: -3 });
    expect(job.window).toMatchObject({ offsetMs: 7 });
    const events = [ev('a', 0), ev('a', 6), ev('a', 7), ev('a', 16), ev('a', 17)];
    const expected = [
      { key: 'a', start: -3, end: 7, count: 2, accs: [2] },
      { key: 'a', start: 7, end: 17, count: 2, accs: [2] },
      { key: 'a', start: 17, end: 27, count: 1, accs: [1] },
    ];
    expect(runOneBatch(job, events).results).toEqual(expected);
    expect(referenceWindows(job, events).results).toEqual(expected);
  });

  // size 10, offset 13 (≡ 3):   |-7 ....... 3)|3 ......... 13)|
  // events (t):                      2          3
  it('an offset larger than the size wraps around', () => {
    const job = windowJob({ sizeMs: 10, offsetMs: 13 });
    expect(runOneBatch(job, [ev('a', 2), ev('a', 3)]).results.map((r) => [r.start, r.end])).toEqual([
      [-7, 3],
      [3, 13],
    ]);
  });

  // Days that start at 23:00 UTC: tumbling('1d', '-1h').
  //   |2023-12-31T23:00 ............ 2024-01-01T23:00)|2024-01-01T23:00 ...
  //                         2024-01-01T22:59:59.999     2024-01-01T23:00
  it("tumbling('1d', '-1h') gives days starting at 23:00 UTC", () => {
    const day = 86_400_000;
    const job = windowJob({ sizeMs: day, offsetMs: -3_600_000 });
    const before = Date.UTC(2024, 0, 1, 22, 59, 59, 999);
    const at = Date.UTC(2024, 0, 1, 23);
    expect(runOneBatch(job, [ev('a', before), ev('a', at)]).results.map((r) => [r.start, r.end])).toEqual([
      [Date.UTC(2023, 11, 31, 23), at],
      [at, at + day],
    ]);
  });
});
