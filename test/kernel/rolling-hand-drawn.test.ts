// Rolling windows drawn by hand: which events a window holds, when its result comes out, in which
// order, what is late, and how its words are grouped. Each case runs through the kernel and the
// reference alike. Time flows right; `x` is an event of the key on that line, `[s ─ t]` the window
// of the event at t (both ends included).

import { describe, expect, it } from 'vitest';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { ev, outputs, readResults, runKernelWindows, writeBatch } from '../support/window-batches.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { rollingJob } from '../support/test-jobs.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';

function run(job: ResolvedJob, batches: readonly (readonly ReferenceEvent[])[]): ReturnType<typeof runKernelWindows> {
  const got = runKernelWindows(job, batches.map((b) => b.map((event) => ({ event }))));
  expect(outputs(got)).toEqual(referenceWindows(job, batches.flat()));
  return got;
}

/** [key, start, end, count, sum] per result. */
const rows = (r: ReturnType<typeof runKernelWindows>): [string, number, number, number, number][] =>
  r.results.map((x) => [x.key, x.start, x.end, x.count, x.accs[0]!]);

describe('rolling windows, hand-drawn', () => {
  it('each event gets the events of its key in [t − last, t], once the watermark has passed it', () => {
    // last 10, ooo 5     0  3    8   12        20
    //   a                   x    x   x         x
    //   a@3                 [−7 ─ 3]                      {3}
    //   a@8              [−2 ─── 8]                       {3, 8}
    //   a@12                 [2 ──── 12]                  {3, 8, 12}
    //   a@20                          [10 ──── 20]        {12, 20}
    //   batches  [a@3 a@8] [a@12: wm 7 > 3, a@3 out] [a@20: wm 15, a@8 a@12 out] [drain: a@20 out]
    const job = rollingJob({ spanMs: 10, outOfOrdernessMs: 5 });
    const r = run(job, [[ev('a', 3, 1), ev('a', 8, 2)], [ev('a', 12, 4)], [ev('a', 20, 8)], []]);
    expect(rows(r)).toEqual([
      ['a', -7, 3, 1, 1],
      ['a', -2, 8, 2, 3],
      ['a', 2, 12, 3, 7],
      ['a', 10, 20, 2, 12],
    ]);
    expect(r.emittedIn).toEqual([1, 2, 2, 3]);
  });

  it('t − last is inside the window (Flink RANGE … PRECEDING); one ms earlier is not', () => {
    // last 10, ooo 100   0 1        11
    //   a                x x        x        a@11: [1 ─ 11] holds 1 and 11, not 0
    const r = run(rollingJob({ spanMs: 10, outOfOrdernessMs: 100 }), [[ev('a', 0, 1), ev('a', 1, 2), ev('a', 11, 4)]]);
    expect(rows(r).map((x) => x.slice(2))).toEqual([[0, 1, 1], [1, 2, 3], [11, 2, 6]]);
  });

  it('results come in event-time order across keys, equal times in arrival order, whatever the arrival order', () => {
    // last 100, ooo 50   arrivals: b@20 a@10 a@20 b@10 a@20'   (all within out-of-orderness)
    //   out (drain):     a@10 b@10 b@20 a@20 a@20'           time, then arrival
    const job = rollingJob({ spanMs: 100, outOfOrdernessMs: 50 });
    const r = run(job, [[ev('b', 20, 1), ev('a', 10, 2), ev('a', 20, 4), ev('b', 10, 8), ev('a', 20, 16)]]);
    expect(rows(r)).toEqual([
      ['a', -90, 10, 1, 2],
      ['b', -90, 10, 1, 8],
      ['b', -80, 20, 2, 9],
      ['a', -80, 20, 2, 6],
      ['a', -80, 20, 3, 22], // the later tie sees the earlier one, not the other way round
    ]);
  });

  it('an event before the watermark is late: to the late stream with [t − last, t], in no window', () => {
    // last 10, ooo 0     5   8         20
    //   a                    x          x        wm 20
    //   then a@5         x                       5 < 20: late
    const r = run(rollingJob({ spanMs: 10 }), [[ev('a', 8), ev('a', 20), ev('a', 5)]]);
    expect(r.late).toEqual([{ index: 2, start: -5, end: 5, watermark: 20 }]);
    expect(rows(r).map((x) => [x[2], x[3]])).toEqual([[8, 1], [20, 1]]);
  });

  it('an event exactly at the watermark is not late (a result at t is final only once the watermark is past t)', () => {
    const r = run(rollingJob({ spanMs: 10 }), [[ev('a', 8, 1), ev('a', 8, 2)]]);
    expect(r.late).toEqual([]);
    expect(rows(r).map((x) => [x[2], x[3], x[4]])).toEqual([[8, 1, 1], [8, 2, 3]]);
  });

  it('events: N keeps the newest N of them', () => {
    // last 100, events 2   1  2  3  4
    //   a                  x  x  x  x     a@4: {3, 4}
    const r = run(rollingJob({ spanMs: 100, maxRows: 2 }), [[ev('a', 1, 1), ev('a', 2, 2), ev('a', 3, 4), ev('a', 4, 8)]]);
    expect(rows(r).map((x) => [x[3], x[4]])).toEqual([[1, 1], [2, 3], [2, 6], [2, 12]]);
  });

  it('the words are tail ⊕ head, cut at the span grid: the grouping is part of the result', () => {
    // last 10            |0        7 |10  12 |20     blocks of the span grid
    //   a                          x   x   x
    //   values                  1e16 −1e16  1
    //   a@12: window [2 ─ 12] = 7 | 10 12  → tail (1e16) ⊕ head (−1e16 + 1 = −1e16) = 0
    //   (a left fold of the whole window would give 1)
    const r = run(rollingJob({ spanMs: 10, outOfOrdernessMs: 0 }), [[ev('a', 7, 1e16), ev('a', 10, -1e16), ev('a', 12, 1)]]);
    expect(rows(r).map((x) => [x[2], x[3], x[4]])).toEqual([[7, 1, 1e16], [10, 2, 0], [12, 3, 0]]);
  });

  it('a key quiet for longer than last starts afresh', () => {
    // last 10            0  5              40
    //   a                x  x              x      a@40: {40}
    const r = run(rollingJob({ spanMs: 10 }), [[ev('a', 0, 1), ev('a', 5, 2)], [ev('b', 30)], [ev('a', 40, 4)]]);
    expect(rows(r).filter((x) => x[0] === 'a').map((x) => [x[2], x[3], x[4]])).toEqual([[0, 1, 1], [5, 2, 3], [40, 1, 4]]);
  });

  it('an idle advance of the watermark releases the events it passes', () => {
    // last 10, ooo 5     3  8             idle +4: wm 3 → 7, a@3 out; idle +10: wm 17, a@8 out
    const kernel = new PartitionKernel(rollingJob({ spanMs: 10, outOfOrdernessMs: 5 }), 'debug');
    writeBatch(kernel, 1, [{ event: ev('a', 3, 1) }, { event: ev('a', 8, 2) }]);
    expect(kernel.process(2, false)).toBe(0);
    expect(kernel.processIdle(4)).toBe(1);
    expect(readResults(kernel).map((x) => [x.end, x.count, x.accs[0]])).toEqual([[3, 1, 1]]);
    expect(kernel.processIdle(10)).toBe(1);
    expect(readResults(kernel).map((x) => [x.end, x.count, x.accs[0]])).toEqual([[8, 2, 3]]);
  });
});
