// Session windows drawn by hand: what a session is, when it closes, what merges it and what splits
// it. Each case runs through the kernel and the reference alike. Time flows right; `x` is an event
// of the key on that line, `[s ── e)` the session it ends up in (e = last event + gap).

import { describe, expect, it } from 'vitest';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { ev, outputs, runKernelWindows } from '../support/window-batches.js';
import { sessionJob } from '../support/test-jobs.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';

/** Runs the events in the given batches (the last one drains) through the kernel, checks the reference agrees, and returns the kernel's run. */
function run(job: ResolvedJob, batches: readonly (readonly ReferenceEvent[])[]): ReturnType<typeof runKernelWindows> {
  const got = runKernelWindows(job, batches.map((b) => b.map((event) => ({ event }))));
  expect(outputs(got)).toEqual(referenceWindows(job, batches.flat()));
  return got;
}

const sessions = (r: ReturnType<typeof runKernelWindows>): [string, number, number, number][] => r.results.map((x) => [x.key, x.start, x.end, x.count]);

describe('session windows, hand-drawn', () => {
  it('a single session runs from its first event to its last + gap', () => {
    // gap 10         0    3    7                17
    //   a            x    x    x
    //   session      [0 ─────────────────────── 17)
    const r = run(sessionJob({ gapMs: 10 }), [[ev('a', 0), ev('a', 3), ev('a', 7)]]);
    expect(sessions(r)).toEqual([['a', 0, 17, 3]]);
  });

  it('a gap of at least `gap` ms starts a new session; the first closes at the event that moves the watermark to its end', () => {
    // gap 10, ooo 0  0    5         15   20  22        32
    //   a            x    x              x   x
    //   sessions     [0 ──────────── 15) [20 ───────── 32)
    //   batches      [a@0 a@5] [a@20: watermark 20 ≥ 15, [0, 15) closes] [a@22, drain]
    const r = run(sessionJob({ gapMs: 10 }), [[ev('a', 0), ev('a', 5)], [ev('a', 20)], [ev('a', 22)]]);
    expect(sessions(r)).toEqual([['a', 0, 15, 2], ['a', 20, 32, 2]]);
    expect(r.emittedIn).toEqual([1, 2]);
  });

  it('exactly at last + gap is a new session; one ms before it is the same session', () => {
    // gap 10, ooo 0  0         10        20
    //   a            x         x                   a@10 is not < 0 + 10: a new session
    //                [0 ───── 10)[10 ──── 20)
    //   b            x        x                    b@9 < 0 + 10: joins
    //                [0 ──────────────── 19)
    const r = run(sessionJob({ gapMs: 10 }), [[ev('a', 0), ev('b', 0), ev('b', 9), ev('a', 10)]]);
    expect(sessions(r)).toEqual([['a', 0, 10, 1], ['b', 0, 19, 2], ['a', 10, 20, 1]]);
  });

  it('an out-of-order event within gap of two open sessions merges them (earlier ⊕ later, then the event)', () => {
    // gap 10, ooo 30   0       8      15               25
    //   a              x              x                   two sessions: [0, 10) and [15, 25), both open (watermark −15)
    //   then a@8               x                          8 < 0 + 10 and 15 < 8 + 10: a bridge
    //   session        [0 ──────────────────────────── 25)
    const job = sessionJob({ gapMs: 10, outOfOrdernessMs: 30 });
    const r = run(job, [[ev('a', 0, 1), ev('a', 15, 2), ev('a', 8, 4)]]);
    expect(r.results.map((x) => [x.start, x.end, x.count, x.accs])).toEqual([[0, 25, 3, [7]]]);
  });

  it('the merged words are the earlier session ⊕ the later one, then the event: the grouping is part of the result', () => {
    // gap 10, ooo 100     0   1             15
    //   a                 x   x             x        [0, 11) holds 1e16 + 1 (= 1e16 in doubles), [15, 25) holds −1e16
    //   then a@8                 x                   ((1e16 + 1) + −1e16) + 1 = 1; in input order the sum would be 2
    const job = sessionJob({ gapMs: 10, outOfOrdernessMs: 100 });
    const r = run(job, [[ev('a', 0, 1e16), ev('a', 15, -1e16), ev('a', 1, 1), ev('a', 8, 1)]]);
    expect(r.results.map((x) => [x.start, x.end, x.count, x.accs])).toEqual([[0, 25, 4, [1]]]);
  });

  it('maxDuration splits a runaway session: an event that would make it longer opens the next one', () => {
    // gap 10, maxDuration 30, ooo 0
    //                0    5    10   15   20   25   30        40
    //   a            x    x    x    x    x    x    x
    //   sessions     [0 ─────────────────────── 30)            a@25 would make [0, 35): too long
    //                                         [25 ──────────── 40)
    const events = [0, 5, 10, 15, 20, 25, 30].map((t) => ev('a', t));
    const r = run(sessionJob({ gapMs: 10, maxDurationMs: 30 }), [events]);
    expect(sessions(r)).toEqual([['a', 0, 30, 5], ['a', 25, 40, 2]]);
  });

  it('a bridge that would outgrow maxDuration does not happen: the event joins the earlier session', () => {
    // gap 10, maxDuration 25, ooo 30
    //                0       8      15    22          32
    //   a            x              x     x              [0, 10) and [15, 32)
    //   then a@8             x                           merged would be [0, 32): 32 > 25
    //   sessions     [0 ──────── 18)
    //                               [15 ──────────── 32)
    const r = run(sessionJob({ gapMs: 10, maxDurationMs: 25, outOfOrdernessMs: 30 }), [[ev('a', 0), ev('a', 15), ev('a', 22), ev('a', 8)]]);
    expect(sessions(r)).toEqual([['a', 0, 18, 2], ['a', 15, 32, 2]]);
  });

  it('an event is late when the session it would open has closed: it goes aside with [t, t + gap) and the watermark', () => {
    // gap 10, ooo 0   0    5         15       22       30       40
    //   a             x                                 x          a@30: watermark 30, [0, 10) closed
    //   then a@5           x                                       5 + 10 ≤ 30, no open session near: late, [5, 15)
    //   then a@15                     x                            15 + 10 ≤ 30, [30 …) is not within gap: late, [15, 25)
    //   then a@22                              x                   22 + 10 > 30: joins [30 …) ahead of it: [22, 40)
    const r = run(sessionJob({ gapMs: 10 }), [[ev('a', 0), ev('a', 30), ev('a', 5), ev('a', 15), ev('a', 22)]]);
    expect(r.late).toEqual([
      { index: 2, start: 5, end: 15, watermark: 30 },
      { index: 3, start: 15, end: 25, watermark: 30 },
    ]);
    expect(sessions(r)).toEqual([['a', 0, 10, 1], ['a', 22, 40, 2]]);
  });

  it('an event inside an open session is never late, even when t + gap is behind the watermark', () => {
    // gap 10, ooo 20   0    9    18   27   36               46
    //   a              x    x    x    x    x                    one open session [0, 46); watermark 16
    //   then a@3            x                                  3 + 10 ≤ 16, but inside [0, 36]: joins
    const events = [0, 9, 18, 27, 36, 3].map((t) => ev('a', t));
    const r = run(sessionJob({ gapMs: 10, outOfOrdernessMs: 20 }), [events]);
    expect(r.late).toEqual([]);
    expect(sessions(r)).toEqual([['a', 0, 46, 6]]);
  });

  it('end of input (drain) closes every open session, in order of end, then start, then opening', () => {
    // gap 10, ooo 1000: nothing closes before the drain
    //   b   x@5 ─ [5, 15)
    //   a   x@0 ─ [0, 10)        x@100 ─ [100, 110)
    //   c   x@0 ─ [0, 10)                              same end and start as a's: opened after it
    const job = sessionJob({ gapMs: 10, outOfOrdernessMs: 1000 });
    const r = run(job, [[ev('b', 5), ev('a', 0), ev('c', 0), ev('a', 100)], []]);
    expect(sessions(r)).toEqual([['a', 0, 10, 1], ['c', 0, 10, 1], ['b', 5, 15, 1], ['a', 100, 110, 1]]);
    expect(r.emittedIn).toEqual([1, 1, 1, 1]);
    expect(r.watermarks).toEqual([-900, Infinity]);
  });
});
