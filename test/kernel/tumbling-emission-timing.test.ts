import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runKernelWindows, type BatchRow } from '../support/window-batches.js';
import { batches, cuts, MAX_BATCH, rows, windowing } from '../support/window-arbitraries.js';
import { windowJob } from '../support/test-jobs.js';

/**
 * The watermark after each batch, from the semantics alone: the largest event time so far minus
 * the out-of-orderness (a late event is always behind that maximum, so all events may count), and
 * +∞ after the last batch (drain).
 */
function expectedWatermarks(split: readonly (readonly BatchRow[])[], ooo: number): number[] {
  let max = -Infinity;
  return split.map((rs, b) => {
    for (const r of rs) if ('event' in r && r.event.time > max) max = r.event.time;
    return b === split.length - 1 ? Infinity : max - ooo;
  });
}

describe('a window result is emitted by the very batch whose watermark first reaches its end', () => {
  it('on random event sequences and batch splits', () => {
    fc.assert(
      fc.property(
        windowing.chain((w) => fc.tuple(fc.constant(w), rows(w.valueCount), cuts)),
        ([w, rs, at]) => {
          const job = windowJob({ ...w, batchSize: MAX_BATCH });
          const split = batches(rs, at);
          const wms = expectedWatermarks(split, w.outOfOrdernessMs);
          const got = runKernelWindows(job, split);
          expect(got.watermarks).toEqual(wms);
          got.results.forEach((r, i) => {
            const due = wms.findIndex((wm) => r.end <= wm);
            if (got.emittedIn[i] !== due) expect({ result: r, emittedIn: got.emittedIn[i] }).toEqual({ result: r, emittedIn: due });
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  // size 10, ooo 2:   |0 ......... 10)|10 ........ 20)|
  // batch 1:                   5         12             wm = 10 = end of [0,10) → closes now, not at the next batch
  it('end == watermark closes the window in that batch', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 2 });
    const got = runKernelWindows(job, [[{ event: { key: 'a', time: 5, values: [1] } }, { event: { key: 'a', time: 12, values: [1] } }], []]);
    expect(got.watermarks[0]).toBe(10);
    expect(got.results.map((r) => r.start)).toEqual([0, 10]);
    expect(got.emittedIn).toEqual([0, 1]);
  });
});
