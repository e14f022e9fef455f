// eddy's window kernel driven the way its decoder drives it, for the kernel benchmarks.

import type { ResolvedJob } from '../src/job/resolved-job.js';
import { STATUS_OK } from '../src/wasm/layout.js';
import type { KernelBuild } from '../src/wasm/kernel-module.js';
import { PartitionKernel } from '../src/wasm/partition-kernel.js';
import type { KernelEvents } from './kernel-events.js';

/**
 * How a run meets the kernel:
 * - `cold`: a fresh kernel each run, and end of input after the last event (every window still open
 *   is emitted). A run pays for its state's first touch of memory and for the drain.
 * - `steady`: one kernel for every run, the events of run r shifted r spans later in event time and
 *   no end of input, as a long-running job sees its stream: state and buffers are grown already,
 *   and the windows left open by one run close in the next. A run emits every window of one span.
 */
export type RunMode = 'cold' | 'steady';

/**
 * eddy's window kernel fed the way its decoder feeds it: per batch, the columns are written into
 * linear memory and one `process` call folds them. Keys are interned once per kernel, as the
 * decoder would on first sight.
 */
export class WasmWindows {
  private kernel: PartitionKernel | undefined;
  private keyIdOf = new Int32Array(0);
  /** Steady mode: the times of the next run (the events' own, shifted by whole spans). */
  private time: Float64Array;
  private runs = 0;

  constructor(
    private readonly job: ResolvedJob,
    private readonly events: KernelEvents,
    /** The kernel build, or a compiled module (an older build, for an A/B in one process). */
    private readonly build?: KernelBuild | WebAssembly.Module,
    readonly mode: RunMode = 'cold',
  ) {
    this.time = events.time;
    this.reset();
  }

  /**
   * Before a run. Cold: a fresh kernel (the state of one run must not leak into the next: its
   * windows would be late). Steady: the same kernel, the next span of event time.
   */
  reset(): void {
    if (this.mode === 'steady' && this.kernel) {
      const shift = ++this.runs * this.events.spanMs;
      this.time = this.events.time.map((t) => t + shift);
      return;
    }
    this.kernel = new PartitionKernel(this.job, this.build);
    const w = this.kernel.wasm;
    this.keyIdOf = new Int32Array(this.events.keys);
    this.events.keyNames.forEach((name, k) => {
      const bytes = Buffer.from(name, 'utf8');
      const p = w.reserveScratch(bytes.length);
      this.kernel!.views().u8.set(bytes, p);
      this.keyIdOf[k] = w.internKey(p, bytes.length);
    });
  }

  /**
   * Processes every event (cold: then end of input); returns the number of window results.
   * `afterBatch` sees each batch's results before the next batch overwrites them.
   */
  run(afterBatch?: (kernel: PartitionKernel, results: number) => void): number {
    const { keyIndex, value, count } = this.events;
    const time = this.time;
    const kernel = this.kernel!;
    const w = kernel.wasm;
    const batch = this.job.batchSize;
    const statusAt = w.statusColPtr();
    const keyAt = w.keyIdColPtr() >> 2;
    const timeAt = w.timeColPtr() >> 3;
    const valueAt = w.valuesColPtr() >> 3;
    const keyIdOf = this.keyIdOf;
    const drain = this.mode === 'cold';
    let results = 0;
    for (let b = 0; b < count; b += batch) {
      const n = Math.min(batch, count - b);
      // Views are fetched per batch: processing may grow linear memory and detach the old ones.
      const { u8, i32, f64 } = kernel.views();
      u8.fill(STATUS_OK, statusAt, statusAt + n);
      for (let i = 0; i < n; i++) i32[keyAt + i] = keyIdOf[keyIndex[b + i]!]!;
      f64.set(time.subarray(b, b + n), timeAt);
      f64.set(value.subarray(b, b + n), valueAt);
      const closed = kernel.process(n, drain && b + n >= count);
      afterBatch?.(kernel, closed);
      results += closed;
    }
    return results;
  }
}
