// eddy's window kernel driven the way its decoder drives it, for the kernel benchmarks.

import type { ResolvedJob } from '../src/job/resolved-job.js';
import { STATUS_OK } from '../src/wasm/layout.js';
import type { KernelBuild } from '../src/wasm/kernel-module.js';
import { PartitionKernel } from '../src/wasm/partition-kernel.js';
import type { KernelEvents } from './kernel-events.js';

/**
 * eddy's window kernel fed the way its decoder feeds it: per batch, the columns are written into
 * linear memory and one `process` call folds them. Keys are interned once per kernel, as the
 * decoder would on first sight.
 */
export class WasmWindows {
  private kernel!: PartitionKernel;
  private keyIdOf = new Int32Array(0);

  constructor(
    private readonly job: ResolvedJob,
    private readonly events: KernelEvents,
    /** The kernel build, or a compiled module (an older build, for an A/B in one process). */
    private readonly build?: KernelBuild | WebAssembly.Module,
  ) {
    this.reset();
  }

  /** A fresh kernel: the state of one iteration must not leak into the next (its windows would be late). */
  reset(): void {
    this.kernel = new PartitionKernel(this.job, this.build);
    const w = this.kernel.wasm;
    this.keyIdOf = new Int32Array(this.events.keys);
    this.events.keyNames.forEach((name, k) => {
      const bytes = Buffer.from(name, 'utf8');
      const p = w.reserveScratch(bytes.length);
      this.kernel.views().u8.set(bytes, p);
      this.keyIdOf[k] = w.internKey(p, bytes.length);
    });
  }

  /** Processes every event, then end of input; returns the number of window results. `afterBatch` sees each batch's results before the next batch overwrites them. */
  run(afterBatch?: (kernel: PartitionKernel, results: number) => void): number {
    const { keyIndex, time, value, count } = this.events;
    const w = this.kernel.wasm;
    const batch = this.job.batchSize;
    const statusAt = w.statusColPtr();
    const keyAt = w.keyIdColPtr() >> 2;
    const timeAt = w.timeColPtr() >> 3;
    const valueAt = w.valuesColPtr() >> 3;
    const keyIdOf = this.keyIdOf;
    let results = 0;
    for (let b = 0; b < count; b += batch) {
      const n = Math.min(batch, count - b);
      // Views are fetched per batch: processing may grow linear memory and detach the old ones.
      const { u8, i32, f64 } = this.kernel.views();
      u8.fill(STATUS_OK, statusAt, statusAt + n);
      for (let i = 0; i < n; i++) i32[keyAt + i] = keyIdOf[keyIndex[b + i]!]!;
      f64.set(time.subarray(b, b + n), timeAt);
      f64.set(value.subarray(b, b + n), valueAt);
      const closed = this.kernel.process(n, b + n >= count);
      afterBatch?.(this.kernel, closed);
      results += closed;
    }
    return results;
  }
}
