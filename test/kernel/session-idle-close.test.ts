// An idle partition's watermark closes sessions too: a quiet key's session ends on a quiet stream.
//
//   gap 10, ooo 2:   a@3 a@8 ─ session [3, 18)      (wm = 6)
//   idle +11 ms:                                    (wm = 17: nothing closes)
//   idle +1 ms:                                     (wm = 18: [3, 18) closes)
//   event a@12:                                     12 + 10 > 18: a new session [12, 22), never the closed one re-opened
//   event a@1:                                      1 + 10 ≤ 18 and not within gap of [12 …) (12 ≥ 1 + 10): late, [1, 11)

import { expect, test } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { ev, readResults, writeBatch } from '../support/window-batches.js';
import { sessionJob } from '../support/test-jobs.js';

test('idle time closes sessions whose end the watermark reaches; later events open new ones or are late', () => {
  const kernel = new PartitionKernel(sessionJob({ gapMs: 10, outOfOrdernessMs: 2 }), 'debug');
  writeBatch(kernel, 1, [{ event: ev('a', 3) }, { event: ev('a', 8) }]);
  kernel.process(2, false);
  expect(kernel.wasm.currentWatermark()).toBe(6);
  expect(kernel.wasm.openWindowSlots()).toBe(1);

  expect(kernel.processIdle(11)).toBe(0);
  expect(kernel.processIdle(1)).toBe(1);
  expect(readResults(kernel).map((r) => [r.key, r.start, r.end, r.count])).toEqual([['a', 3, 18, 2]]);
  expect(kernel.wasm.openWindowSlots()).toBe(0);

  writeBatch(kernel, 1, [{ event: ev('a', 12) }, { event: ev('a', 1) }]);
  kernel.process(2, true);
  expect([...kernel.lateEvents()].map((l) => [l.index, l.start, l.end, l.watermark])).toEqual([[1, 1, 11, 18]]);
  expect(readResults(kernel).map((r) => [r.key, r.start, r.end, r.count])).toEqual([['a', 12, 22, 1]]);
});

// With allowed lateness, an idle advance closes and then frees a kept session.
//
//   gap 10, ooo 2, allowedLateness 5:   a@3 a@8 ─ [3, 18)   idle +12: wm 18, final rev 0, kept until wm 23
//   a@4 (wm 18): joins the kept session: [3, 18) late rev 1   idle +5: wm 23, freed
//   a@5 (wm 23): 5 + 10 + 5 ≤ 23, nothing kept: late, [5, 15)
test('idle time closes kept sessions, then frees them at end + allowedLateness', () => {
  const kernel = new PartitionKernel(sessionJob({ gapMs: 10, outOfOrdernessMs: 2, allowedLatenessMs: 5 }), 'debug');
  writeBatch(kernel, 1, [{ event: ev('a', 3) }, { event: ev('a', 8) }]);
  kernel.process(2, false);
  expect(kernel.processIdle(12)).toBe(1);
  expect(readResults(kernel, true, true).map((r) => [r.start, r.end, r.count, r.emit, r.revision])).toEqual([[3, 18, 2, 'final', 0]]);
  expect(kernel.wasm.openWindowSlots()).toBe(1);

  writeBatch(kernel, 1, [{ event: ev('a', 4) }]);
  kernel.process(1, false);
  expect(readResults(kernel, true, true).map((r) => [r.start, r.end, r.count, r.emit, r.revision])).toEqual([[3, 18, 3, 'late', 1]]);
  expect(kernel.processIdle(5)).toBe(0);
  expect(kernel.wasm.openWindowSlots()).toBe(0);

  writeBatch(kernel, 1, [{ event: ev('a', 5) }]);
  kernel.process(1, true);
  expect([...kernel.lateEvents()].map((l) => [l.index, l.start, l.end, l.watermark])).toEqual([[0, 5, 15, 23]]);
});
