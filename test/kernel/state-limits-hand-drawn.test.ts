import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { STATUS_KEY_LIMIT, STATUS_OK, STATUS_WINDOW_LIMIT } from '../../src/wasm/layout.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { ev, readResults, writeBatch } from '../support/window-batches.js';
import { sessionJob, windowJob } from '../support/test-jobs.js';

/** One batch through the kernel: each row's status after processing, and the results. */
function run(job: ResolvedJob, events: ReturnType<typeof ev>[]) {
  const kernel = new PartitionKernel(job, 'debug');
  writeBatch(kernel, job.valueFields.length, events.map((event) => ({ event })));
  kernel.process(events.length, true);
  const results = readResults(kernel).map((r) => [r.key, r.start, r.count]);
  return { statuses: events.map((_, i) => kernel.status(i)), results };
}

describe('state limits: an event beyond maxKeys or maxOpenWindows is refused in the kernel, in input order', () => {
  // size 10, maxKeys 2:  a@1 b@2 c@3 → c would be a third key holding state → KEY_LIMIT
  //                      a@4 (a already holds state) → OK
  it('maxKeys 2 with 3 keys: the third key is refused, the first two keep counting', () => {
    const job = { ...windowJob({ sizeMs: 10 }), maxKeys: 2 };
    const got = run(job, [ev('a', 1), ev('b', 2), ev('c', 3), ev('a', 4)]);
    expect(got.statuses).toEqual([STATUS_OK, STATUS_OK, STATUS_KEY_LIMIT, STATUS_OK]);
    expect(got.results).toEqual([['a', 0, 2], ['b', 0, 1]]);
  });

  // size 10, ooo 100, maxOpenWindows 2:
  //   a@25 opens [20,30), a@5 opens [0,10) (out of order, still open), a@15 would open a third → WINDOW_LIMIT
  //   a@7 joins the open [0,10) → OK
  it('maxOpenWindows 2: an out-of-order event opening a third window is refused; one joining an open window is not', () => {
    const job = { ...windowJob({ sizeMs: 10, outOfOrdernessMs: 100 }), maxOpenWindows: 2 };
    const got = run(job, [ev('a', 25), ev('a', 5), ev('a', 15), ev('a', 7)]);
    expect(got.statuses).toEqual([STATUS_OK, STATUS_OK, STATUS_WINDOW_LIMIT, STATUS_OK]);
    expect(got.results).toEqual([['a', 0, 2], ['a', 20, 1]]);
  });

  // ooo 0, maxKeys 2: a@1 opens [0,10); b@12 (second key) closes it: a holds nothing now → c@13 may
  // hold state; then a@14 would be a third key again → refused. (The check runs before the event's
  // own time moves the clock, and a refused event does not move it.)
  it('a key whose windows all closed no longer counts toward maxKeys', () => {
    const job = { ...windowJob({ sizeMs: 10 }), maxKeys: 2 };
    const got = run(job, [ev('a', 1), ev('b', 12), ev('c', 13), ev('a', 14)]);
    expect(got.statuses).toEqual([STATUS_OK, STATUS_OK, STATUS_OK, STATUS_KEY_LIMIT]);
  });

  // gap 5, ooo 100, maxOpenWindows 1: a@0 opens [0,5); a@20 would open a second → refused; a@3 joins
  it('sessions: a second session of a key beyond maxOpenWindows 1 is refused', () => {
    const job = { ...sessionJob({ gapMs: 5, outOfOrdernessMs: 100 }), maxOpenWindows: 1 };
    const got = run(job, [ev('a', 0), ev('a', 20), ev('a', 3)]);
    expect(got.statuses).toEqual([STATUS_OK, STATUS_WINDOW_LIMIT, STATUS_OK]);
    expect(got.results).toEqual([['a', 0, 2]]);
  });
});
