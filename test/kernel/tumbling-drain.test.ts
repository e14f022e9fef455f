import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { ev, readResults, writeBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('drain (end of input) closes every open window, in end order', () => {
  // size 10, ooo 5:   |0 ......... 10)|10 ........ 20)|20 ........ 30)|
  // events (t):         1          9    14            21
  //                                                   wm after 21 = 16 → [0,10) closes, the others stay open
  // drain:                                            wm = +∞ → [10,20) and [20,30) close
  it('without drain only what the watermark passed closes; drain closes the rest', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 5 });
    const kernel = new PartitionKernel(job, 'debug');
    const events = [ev('a', 1), ev('b', 9), ev('b', 14), ev('a', 21)];
    writeBatch(kernel, 1, events.map((event) => ({ event })));
    expect(kernel.process(events.length, false)).toBe(2);
    expect(readResults(kernel).map((r) => [r.key, r.start])).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    expect(kernel.wasm.currentWatermark()).toBe(16);
    expect(kernel.wasm.openWindowCount()).toBe(2);
    expect(kernel.wasm.openWindowSlots()).toBe(2);

    expect(kernel.process(0, true)).toBe(2);
    expect(readResults(kernel).map((r) => [r.key, r.start, r.end])).toEqual([
      ['b', 10, 20],
      ['a', 20, 30],
    ]);
    expect(kernel.wasm.currentWatermark()).toBe(Infinity);
    expect(kernel.wasm.openWindowCount()).toBe(0);
    expect(kernel.wasm.openWindowSlots()).toBe(0);
  });

  // size 10:   |0 ......... 10)|  …  |1000 ........ 1010)|
  // events:          3                    1005
  // drain in the same batch as the events closes both.
  it('a drain in the batch that carries the events closes their windows too', () => {
    const job = windowJob({ sizeMs: 10, outOfOrdernessMs: 10_000 });
    const kernel = new PartitionKernel(job, 'debug');
    writeBatch(kernel, 1, [{ event: ev('a', 3) }, { event: ev('a', 1005) }]);
    expect(kernel.process(2, true)).toBe(2);
    expect(readResults(kernel).map((r) => [r.start, r.end])).toEqual([
      [0, 10],
      [1000, 1010],
    ]);
  });

  it('a drain with nothing open emits nothing', () => {
    const kernel = new PartitionKernel(windowJob({ sizeMs: 10 }), 'debug');
    expect(kernel.process(0, true)).toBe(0);
    expect(readResults(kernel)).toEqual([]);
  });
});
