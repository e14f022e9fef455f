// Session windows kept past their end, drawn by hand (DESIGN.md, "Late sessions and revisions"):
// late events joining and bridging kept sessions, what a result supersedes, freeing at end +
// allowedLateness, the late stream beyond it, and early results. Each case runs through the kernel (in the batches
// drawn, the last one draining) and the reference alike.

import { describe, expect, it } from 'vitest';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { ev, outputs, runKernelWindows } from '../support/window-batches.js';
import { sessionJob } from '../support/test-jobs.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';

function run(job: ResolvedJob, batches: readonly (readonly ReferenceEvent[])[]): ReturnType<typeof runKernelWindows> {
  const got = runKernelWindows(job, batches.map((b) => b.map((event) => ({ event }))));
  expect(outputs(got)).toEqual(referenceWindows(job, batches.flat()));
  return got;
}

type Row = [number, number, number, string, number, string];
/** start, end, count, emit, revision, supersedes (comma-separated, as written). */
const rows = (r: ReturnType<typeof runKernelWindows>): Row[] =>
  r.results.map((x) => [x.start, x.end, x.count, x.emit!, x.revision!, x.supersedes!.join(',')]);

const late = (r: ReturnType<typeof runKernelWindows>): [number, number, number, number][] =>
  r.late.map((l) => [l.index, l.start, l.end, l.watermark - l.end]);

describe('session windows with allowed lateness, hand-drawn', () => {
  it('the design diagram: bridges of kept sessions, supersedes, re-opening, freeing, the late stream', () => {
    // gap 10, allowedLateness 20, ooo 0, emit final    a: 0    6   12   20 25        35       50   60
    // a@0 a@12      wm 12: [0,10) final rev 0, kept until wm 30
    // a@25          wm 25: [12,22) final rev 0, kept until wm 42
    // a@6  (wm 25)  bridges the kept [0,10) and [12,22): [0,22) late rev 1, supersedes 12 (22 ≤ 25: closed)
    // a@20 (wm 25)  bridges the kept [0,22) and the open [25,35): [0,35) late rev 2, open again
    // a@50          wm 50: [0,35) final rev 3, kept until wm 55
    // a@60          wm 60: [0,35) freed (35 + 20 ≤ 60); [50,60) final rev 0
    // a@1  (wm 60)  1 + 10 + 20 ≤ 60, joins nothing: late stream, window [1,11), lateness 49
    const job = sessionJob({ gapMs: 10, allowedLatenessMs: 20 });
    const r = run(job, [[ev('a', 0), ev('a', 12)], [ev('a', 25), ev('a', 6)], [ev('a', 20), ev('a', 50)], [ev('a', 60), ev('a', 1)]]);
    expect(rows(r)).toEqual([
      [0, 10, 1, 'final', 0, ''],
      [12, 22, 1, 'final', 0, ''],
      [0, 22, 3, 'late', 1, '12'],
      [0, 35, 5, 'late', 2, ''],
      [0, 35, 5, 'final', 3, ''],
      [50, 60, 1, 'final', 0, ''],
      [60, 70, 1, 'final', 0, ''],
    ]);
    expect(late(r)).toEqual([[7, 1, 11, 49]]);
  });

  it('a late event joins a kept session: a late result at once, the next revision', () => {
    // gap 10, allowedLateness 5, ooo 0   0  2     10 12 14
    //   a@0 a@14        x           x      wm 14: [0,10) final rev 0, kept until wm 15
    //   a@2 (wm 14)        x                joins [0,0]: [0,12) late rev 1 (12 ≤ 14: still closed)
    const r = run(sessionJob({ gapMs: 10, allowedLatenessMs: 5 }), [[ev('a', 0, 1), ev('a', 14, 4), ev('a', 2, 2)]]);
    expect(rows(r)).toEqual([
      [0, 10, 1, 'final', 0, ''],
      [0, 12, 2, 'late', 1, ''],
      [14, 24, 1, 'final', 0, ''],
    ]);
    expect(r.results[1]!.accs).toEqual([3]);
  });

  it('a late event bridging a final session and an open one supersedes the open one’s results', () => {
    // gap 10, allowedLateness 20, ooo 0, emit update     0    5       14            24
    //   a@0            x                      [0,10) update rev 0
    //   a@14                         x        wm 14: [0,10) final rev 1; [14,24) update rev 0
    //   a@5 (wm 14)         x                 within gap of both: [0,24) late rev 2, supersedes 14
    const r = run(sessionJob({ gapMs: 10, allowedLatenessMs: 20, emit: 'update' }), [[ev('a', 0)], [ev('a', 14), ev('a', 5)]]);
    expect(rows(r)).toEqual([
      [0, 10, 1, 'update', 0, ''],
      [0, 10, 1, 'final', 1, ''],
      [14, 24, 1, 'update', 0, ''],
      [0, 24, 3, 'late', 2, '14'],
      [0, 24, 3, 'final', 3, ''],
    ]);
  });

  it('an event before a session’s start moves it: the result supersedes the old start', () => {
    // gap 10, ooo 20, emit update      3   8
    //   a@8               x      [8,18) update rev 0
    //   a@3            x         joins it before its start: [3,18) update rev 1, supersedes 8
    const r = run(sessionJob({ gapMs: 10, outOfOrdernessMs: 20, emit: 'update' }), [[ev('a', 8), ev('a', 3)]]);
    expect(rows(r)).toEqual([
      [8, 18, 1, 'update', 0, ''],
      [3, 18, 2, 'update', 1, '8'],
      [3, 18, 2, 'final', 2, ''],
    ]);
  });

  it('a kept session is freed when the watermark reaches end + allowedLateness; later events open their own or go to the late stream', () => {
    // gap 10, allowedLateness 5, ooo 0   0  2  4        12   15 17
    //   a@0 a@14 a@2    [0,12) final, then late rev 1: kept until wm 12 + 5 = 17
    //   a@15 (wm 15)    15 < 17: still kept
    //   a@17            wm 17 ≥ 17: [0,12) freed (and [14,24)… stays open: 17 < 24)
    //   a@4  (wm 17)    4 + 10 + 5 = 19 > 17: opens [4,14), already past the watermark: late rev 0
    //   b@40 a@1        wm 40: [4,14) freed too (14 + 5 ≤ 40); a@1: 1 + 10 + 5 ≤ 40, nothing kept: late stream
    const job = sessionJob({ gapMs: 10, allowedLatenessMs: 5 });
    const r = run(job, [[ev('a', 0), ev('a', 14), ev('a', 2)], [ev('a', 15), ev('a', 17)], [ev('a', 4)], [ev('b', 40), ev('a', 1)]]);
    expect(rows(r).filter((x) => x[0] < 14)).toEqual([
      [0, 10, 1, 'final', 0, ''],
      [0, 12, 2, 'late', 1, ''],
      [4, 14, 1, 'late', 0, ''],
    ]);
    // a@1 comes after b@40 moved the watermark to 40: [4,14) is freed (14 + 5 ≤ 40) and 1 + 15 ≤ 40.
    expect(late(r)).toEqual([[7, 1, 11, 29]]);
  });

  it('an event beyond allowed lateness goes to the late stream with its lateness', () => {
    // gap 10, allowedLateness 5, ooo 0   0        10      30
    //   a@0 a@30        [0,10) final, freed at once (10 + 5 ≤ 30)
    //   a@14 (wm 30)    14 + 10 + 5 ≤ 30: late stream, window [14,24), lateness 6
    //   a@16 (wm 30)    16 + 10 + 5 > 30: opens [16,26), already past the watermark: late rev 0
    const r = run(sessionJob({ gapMs: 10, allowedLatenessMs: 5 }), [[ev('a', 0), ev('a', 30), ev('a', 14), ev('a', 16)]]);
    expect(late(r)).toEqual([[2, 14, 24, 6]]);
    expect(rows(r)).toEqual([
      [0, 10, 1, 'final', 0, ''],
      [16, 26, 1, 'late', 0, ''],
      [30, 40, 1, 'final', 0, ''],
    ]);
  });

  it('early results fire as the watermark passes start + k·interval; moving a start with results writes one at once', () => {
    // gap 10, ooo 5, early 4           6    10   14   18   22 24        34
    //   c@10             x              [10,20) opens; its points 14, 18, 22, …
    //   c@19 (wm 14)     crosses 14:    [10,29) early rev 0
    //   c@6  (wm 14)     joins before its start: its points are now 10, 14, 18, …; the start moved,
    //                    so at once [6,29) early rev 1, supersedes 10
    //   c@22 (wm 17)     no point in (14, 17]
    //   c@24 (wm 19)     crosses 18:    [6,34) early rev 2;   drain: [6,34) final rev 3
    const r = run(sessionJob({ gapMs: 10, outOfOrdernessMs: 5, emit: { early: 4 } }), [[ev('c', 10), ev('c', 19)], [ev('c', 6), ev('c', 22), ev('c', 24)]]);
    expect(rows(r)).toEqual([
      [10, 29, 2, 'early', 0, ''],
      [6, 29, 3, 'early', 1, '10'],
      [6, 34, 5, 'early', 2, ''],
      [6, 34, 5, 'final', 3, ''],
    ]);
  });
});
