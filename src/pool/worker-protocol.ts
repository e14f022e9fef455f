// Everything that crosses the thread boundary, declared once (see STYLE.md). The worker side
// imports this file and the pipeline, never the control plane.

import type { MessagePort } from 'node:worker_threads';
import type { ResolvedJob } from '../job/resolved-job.js';

/** The one long-running task each worker thread runs: read, process and commit its partitions until told to stop (or, draining, until input ends). */
export interface WorkerTask {
  readonly job: ResolvedJob;
  readonly redisUrl: string;
  /** Partition indexes this worker owns. */
  readonly partitions: readonly number[];
  readonly drain: boolean;
  /** Float64 counters, COUNTERS_PER_PARTITION per partition of the job (see Counter). */
  readonly counters: SharedArrayBuffer;
  /** Control plane → worker messages (ControlMessage). */
  readonly control: MessagePort;
}

export type ControlMessage = { readonly type: 'stop' };

export interface WorkerOutcome {
  readonly partitions: readonly number[];
}

/** Per-partition counter slots; written only by the partition's worker, read by the control plane. */
export const Counter = {
  entries: 0,
  results: 1,
  late: 2,
  deadLetters: 3,
  batches: 5,
  watermark: 6,
  openWindows: 7,
  keys: 8,
  maxBatchLatencyMs: 10,
  commitMsTotal: 11,
} as const;

export const COUNTERS_PER_PARTITION = 16;

export function partitionCounters(buffer: SharedArrayBuffer, partition: number): Float64Array {
  return new Float64Array(buffer, partition * COUNTERS_PER_PARTITION * 8, COUNTERS_PER_PARTITION);
}
