// State limits for rolling windows: a key's window is one open slot, and so is each of its events
// waiting for the watermark; a key holds state while it has either, and a key quiet for longer than
// `last` frees its rows and stops counting toward maxKeys.

import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { STATUS_KEY_LIMIT, STATUS_OK, STATUS_WINDOW_LIMIT } from '../../src/wasm/layout.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { ev, readResults, writeBatch } from '../support/window-batches.js';
import { rollingJob } from '../support/test-jobs.js';

/** One batch through the kernel, then end of input: each row's status, and [key, end, count] per result. */
function run(job: ResolvedJob, events: ReturnType<typeof ev>[]) {
  const kernel = new PartitionKernel(job, 'debug');
  writeBatch(kernel, job.valueFields.length, events.map((event) => ({ event })));
  kernel.process(events.length, true);
  const results = readResults(kernel).map((r) => [r.key, r.end, r.count]);
  return { statuses: events.map((_, i) => kernel.status(i)), results };
}

describe('state limits on rolling windows', () => {
  // last 10, ooo 100, maxOpenWindows 2:  a@1 a@2 wait (2 slots); a@3 would be a third → refused
  it('each event waiting for the watermark is an open slot of its key', () => {
    const job = { ...rollingJob({ spanMs: 10, outOfOrdernessMs: 100 }), maxOpenWindows: 2 };
    const got = run(job, [ev('a', 1), ev('a', 2), ev('a', 3), ev('b', 3)]);
    expect(got.statuses).toEqual([STATUS_OK, STATUS_OK, STATUS_WINDOW_LIMIT, STATUS_OK]);
    expect(got.results).toEqual([['a', 1, 1], ['a', 2, 2], ['b', 3, 1]]);
  });

  // last 10, ooo 0, maxOpenWindows 2:  a@1 waits; a@2 releases it (window: 1 slot) and waits (1 slot);
  // a@3 would be a third slot → refused; the window itself does not grow the count
  it("the key's window counts once, however many events it holds", () => {
    const job = { ...rollingJob({ spanMs: 10 }), maxOpenWindows: 2 };
    const got = run(job, [ev('a', 1), ev('a', 2), ev('a', 3), ev('b', 4), ev('a', 5)]);
    // b@4 moved the watermark to 4: a@2 joined the window, so a has the window alone, and a@5 may wait
    expect(got.statuses).toEqual([STATUS_OK, STATUS_OK, STATUS_WINDOW_LIMIT, STATUS_OK, STATUS_OK]);
    expect(got.results).toEqual([['a', 1, 1], ['a', 2, 2], ['b', 4, 1], ['a', 5, 3]]);
  });

  // last 10, ooo 0, maxKeys 2:  a@1 b@2 hold state; b@30 moves the watermark to 30: a@1 and b@2 are
  // released, and both keys' rows are older than 30 − 10 → freed (b still waits with b@30);
  // c@31 is then a second key, not a third
  it('a key quiet for longer than last frees its rows and stops counting toward maxKeys', () => {
    const job = { ...rollingJob({ spanMs: 10 }), maxKeys: 2 };
    const got = run(job, [ev('a', 1), ev('b', 2), ev('c', 3), ev('b', 30), ev('c', 31), ev('a', 32)]);
    expect(got.statuses).toEqual([STATUS_OK, STATUS_OK, STATUS_KEY_LIMIT, STATUS_OK, STATUS_OK, STATUS_KEY_LIMIT]);
    expect(got.results).toEqual([['a', 1, 1], ['b', 2, 1], ['b', 30, 1], ['c', 31, 1]]);
  });
});
