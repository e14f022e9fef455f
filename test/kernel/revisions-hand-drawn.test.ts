// Allowed lateness and emit modes, drawn (DESIGN.md, "Lateness and emission"). Each case runs the
// WASM kernel and the TypeScript reference and pins both to the drawing.

import { describe, expect, it } from 'vitest';
import { referenceRevisions } from '../../src/reference/revision-reference.js';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { ev, readResults, runOneBatch, writeBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

/** [start, end, count, emit, revision] of each result. */
const brief = (rs: ReturnType<typeof runOneBatch>['results']) => rs.map((r) => [r.start, r.end, r.count, r.emit, r.revision]);

function both(job: ReturnType<typeof windowJob>, events: ReferenceEvent[]) {
  const got = runOneBatch(job, events);
  expect(got).toEqual(referenceWindows(job, events));
  return got;
}

describe('allowed lateness', () => {
  // size 10, allowedLateness 5, ooo 0:   |0 ........ 10)|10 ....... 20)|
  //   a@3  a@12 (wm 12 ≥ 10: [0,10) final, revision 0)
  //   a@4       (its window ended 2 ms ago ≤ 5: re-opened, `late` revision 1, count 2)
  //   a@17      (wm 17 ≥ 10 + 5: [0,10) freed)
  //   a@5       (ended 7 ms ago > 5: late stream, lateness 7)
  it('a late event within it updates the window (revision 1); beyond it, it goes to the late stream', () => {
    const job = windowJob({ sizeMs: 10, allowedLatenessMs: 5 });
    const got = both(job, [ev('a', 3), ev('a', 12), ev('a', 4), ev('a', 17), ev('a', 5)]);
    expect(brief(got.results)).toEqual([
      [0, 10, 1, 'final', 0],
      [0, 10, 2, 'late', 1],
      [10, 20, 2, 'final', 0],
    ]);
    expect(got.late).toEqual([{ index: 4, start: 0, end: 10, watermark: 17 }]);
    expect(got.late[0]!.watermark - got.late[0]!.end).toBe(7);
  });

  // size 10, allowedLateness 5:  a@3 b@12 (wm 12: [0,10) final for a only)   b@8 (b was not in [0,10): `late` revision 0)
  it('a key that missed the final gets its first result from a late event: revision 0, marked late', () => {
    const job = windowJob({ sizeMs: 10, allowedLatenessMs: 5 });
    const got = both(job, [ev('a', 3), ev('b', 12), ev('b', 8)]);
    expect(got.results.map((r) => [r.key, r.start, r.emit, r.revision])).toEqual([
      ['a', 0, 'final', 0],
      ['b', 0, 'late', 0],
      ['b', 10, 'final', 0],
    ]);
  });

  // size 10, allowedLateness 5:  a@3 a@12 → [0,10) kept;  a@15 → wm 15 = 10 + 5: freed
  it('keeps a window until the watermark reaches end + allowedLateness, then frees it', () => {
    const job = windowJob({ sizeMs: 10, allowedLatenessMs: 5 });
    const kernel = new PartitionKernel(job, 'debug');
    writeBatch(kernel, 1, [{ event: ev('a', 3) }, { event: ev('a', 12) }]);
    kernel.process(2, false);
    expect(kernel.wasm.openWindowSlots()).toBe(2);
    writeBatch(kernel, 1, [{ event: ev('a', 14) }]);
    kernel.process(1, false);
    expect(kernel.wasm.openWindowSlots()).toBe(2);
    writeBatch(kernel, 1, [{ event: ev('a', 15) }]);
    kernel.process(1, false);
    expect(kernel.wasm.openWindowSlots()).toBe(1);
    expect(kernel.wasm.earliestOpenStart()).toBe(10);
  });

  // size 6, slide 2, allowedLateness 4:   |p0 |p2 |p4 |p6 |p8 |
  //   a@1 a@9   wm 9: [−4,2) [−2,4) [0,6) final (a@1's windows; [2,8) holds no pane with data)
  //   a@3       pane 2, windows [−2,4) [0,6) [2,8): [−2,4) ended at 4, 4 + 4 ≤ 9: expired;
  //             [0,6) gets `late` revision 1, [2,8) — never emitted — `late` revision 0, by end
  it('hopping: a late event updates every emitted window of its pane still within lateness, by window end', () => {
    const job = windowJob({ sizeMs: 6, slideMs: 2, allowedLatenessMs: 4 });
    const got = both(job, [ev('a', 1), ev('a', 9), ev('a', 3)]);
    expect(brief(got.results)).toEqual([
      [-4, 2, 1, 'final', 0],
      [-2, 4, 1, 'final', 0],
      [0, 6, 1, 'final', 0],
      [0, 6, 2, 'late', 1],
      [2, 8, 1, 'late', 0],
      [4, 10, 1, 'final', 0],
      [6, 12, 1, 'final', 0],
      [8, 14, 1, 'final', 0],
    ]);
  });
});

describe('emit modes', () => {
  // size 10, early 4, ooo 0:   [0,10) fires at watermark 4 and 8, then final at 10
  //   a@1 a@5 (wm crosses 4: early, count 2) a@6 a@9 (crosses 8: early, count 4) a@11 (final, count 4)
  it('early: a partial result each time the watermark crosses start + k·interval, then the final', () => {
    const job = windowJob({ sizeMs: 10, emit: { early: 4 } });
    const got = both(job, [ev('a', 1), ev('a', 5), ev('a', 6), ev('a', 9), ev('a', 11)]);
    expect(brief(got.results)).toEqual([
      [0, 10, 2, 'early', 0],
      [0, 10, 4, 'early', 1],
      [0, 10, 4, 'final', 2],
      [10, 20, 1, 'final', 0],
    ]);
  });

  // size 10, early 4:  a@1 then a@9 (wm jumps from 1 to 9 over 4 and 8: one early result, not two)
  it('early: one result when the watermark crosses several firing points at once', () => {
    const job = windowJob({ sizeMs: 10, emit: { early: 4 } });
    expect(brief(both(job, [ev('a', 1), ev('a', 9)]).results)).toEqual([
      [0, 10, 2, 'early', 0],
      [0, 10, 2, 'final', 1],
    ]);
  });

  // size 10, update, allowedLateness 5:  a@1 a@2 b@3 (one `update` per event)  a@12 (final a, b; update [10,20))  a@4 (late)
  it('update: a result after every event that changes a window, then the final, then late revisions', () => {
    const job = windowJob({ sizeMs: 10, emit: 'update', allowedLatenessMs: 5 });
    const got = both(job, [ev('a', 1), ev('a', 2), ev('b', 3), ev('a', 12), ev('a', 4)]);
    expect(got.results.map((r) => [r.key, r.start, r.count, r.emit, r.revision])).toEqual([
      ['a', 0, 1, 'update', 0],
      ['a', 0, 2, 'update', 1],
      ['b', 0, 1, 'update', 0],
      ['a', 0, 2, 'final', 2],
      ['b', 0, 1, 'final', 1],
      ['a', 10, 1, 'update', 0],
      ['a', 0, 3, 'late', 3],
      ['a', 10, 1, 'final', 1],
    ]);
  });

  it('with final emission and no allowed lateness, the revision reference is the plain one plus emit final, revision 0', () => {
    const job = windowJob({ sizeMs: 6, slideMs: 2, outOfOrdernessMs: 3 });
    const events = [ev('a', 1), ev('b', 4), ev('a', 9), ev('a', 2), ev('b', 7), ev('a', 30), ev('b', 5)];
    const plain = referenceWindows(job, events);
    const revised = referenceRevisions(job, { allowedLatenessMs: 0, mode: 'final', earlyMs: 0 }, events);
    expect(revised.late).toEqual(plain.late);
    expect(revised.results).toEqual(plain.results.map((r) => ({ ...r, emit: 'final', revision: 0 })));
  });
});

describe('replayed rows', () => {
  // size 10, allowedLateness 5:  batch [a@3 a@12 | a@4]; the first two rows muted (committed before)
  it('results caused by muted rows are counted but not written: the next revision continues', () => {
    const job = windowJob({ sizeMs: 10, allowedLatenessMs: 5 });
    const kernel = new PartitionKernel(job, 'debug');
    writeBatch(kernel, 1, [{ event: ev('a', 3) }, { event: ev('a', 12) }, { event: ev('a', 4) }]);
    kernel.process(3, false, 2);
    expect(readResults(kernel, true).map((r) => [r.start, r.count, r.emit, r.revision])).toEqual([[0, 2, 'late', 1]]);
  });
});
