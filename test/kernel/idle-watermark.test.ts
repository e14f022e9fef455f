// An idle partition's watermark moves with processing time, so windows close on quiet streams.
//
//   size 10, ooo 2:   |0 ......... 10)|10 ........ 20)|
//   events:             3     8          (wm = 6)
//   idle +3 ms:                          (wm = 9: nothing closes)
//   idle +1 ms:                          (wm = 10: [0,10) closes)
//   event t=11:                          (11 − 2 = 9 < 10: the watermark stays at 10)
//   event t=9:                           late: its window ended at 10 ≤ wm

import { expect, test } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { ev, readResults, writeBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

test('idle time advances the watermark, closes windows, and never moves it back', () => {
  const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 2 });
  const kernel = new PartitionKernel(job, 'debug');
  writeBatch(kernel, 1, [{ event: ev('a', 3) }, { event: ev('a', 8) }]);
  kernel.process(2, false);
  expect(kernel.wasm.currentWatermark()).toBe(6);

  expect(kernel.processIdle(3)).toBe(0);
  expect(kernel.wasm.currentWatermark()).toBe(9);
  expect(kernel.processIdle(1)).toBe(1);
  expect(readResults(kernel).map((r) => [r.key, r.start, r.end, r.count])).toEqual([['a', 0, 10, 2]]);

  writeBatch(kernel, 1, [{ event: ev('a', 11) }, { event: ev('a', 9) }]);
  kernel.process(2, false);
  expect(kernel.wasm.currentWatermark()).toBe(10);
  expect([...kernel.lateEvents()].map((l) => [l.index, l.start, l.end, l.watermark])).toEqual([[1, 0, 10, 10]]);
});

test('a partition that has seen no event has no clock to advance', () => {
  const kernel = new PartitionKernel(windowJob({ sizeMs: 10 }), 'debug');
  expect(kernel.processIdle(1_000_000)).toBe(0);
  expect(kernel.wasm.currentWatermark()).toBe(-Infinity);
});
