// Everything that crosses the thread boundary, declared once (see STYLE.md). The worker side
// imports this file and the pipeline, never the control plane.

import type { MessagePort } from 'node:worker_threads';
import type { ResolvedJob } from '../job/resolved-job.js';
import type { PartitionNotice } from '../pipeline/partition-notice.js';
import type { ReplicaWait } from '../pipeline/batch-commit.js';
import type { RedisConnectOptions } from '../redis/redis-url.js';

/**
 * The one long-running task each worker thread runs: it starts and stops partitions as the control
 * plane says (ControlMessage), reports every partition that stopped and why (WorkerMessage), and
 * returns once told to shut down and every partition it ran has stopped.
 */
export interface WorkerTask {
  readonly job: ResolvedJob;
  readonly redisUrl: string;
  /** Connect options beyond the URL (a TLS CA file); each thread reads the file itself. */
  readonly redisConnect: RedisConnectOptions;
  /** This process's lease owner id; every commit carries it with the partition's fencing token. */
  readonly owner: string;
  readonly drain: boolean;
  /** WAIT for replicas after each commit (`--wait-replicas`); absent: no WAIT. */
  readonly wait?: ReplicaWait;
  /** Float64 counters, COUNTERS_PER_PARTITION per partition of the job (see Counter). */
  readonly counters: SharedArrayBuffer;
  /** ControlMessage in, WorkerMessage out. */
  readonly port: MessagePort;
}

/** Why the control plane stops a partition. */
export type StopRequest =
  /** Giving the partition up (fair share, shutdown): finish and commit what is in flight; the lease is released afterwards. */
  | 'release'
  /** The lease could not be renewed or is someone else's: its commits will be refused; stop at once. */
  | 'lease-lost';

/** Control plane → worker. */
export type ControlMessage =
  /** Run partition `partition` from its committed position, committing under fencing token `token`. */
  | { readonly type: 'start'; readonly partition: number; readonly token: number }
  | { readonly type: 'stop'; readonly partition: number; readonly why: StopRequest }
  /** Stop every partition (as 'release'), then finish the task. */
  | { readonly type: 'shutdown' };

/** Why a partition stopped running in a worker. */
export type StopReason =
  /** Stopped on request ('release'), in-flight commits done. */
  | 'released'
  /** Stopped on request ('lease-lost'). */
  | 'lease-lost'
  /** A commit was refused by fencing: someone else holds the partition now. Nothing was written. */
  | 'fenced'
  /** Draining: the partition reached the end of its input and every window was committed. */
  | 'drained'
  /** The partition failed (`detail` says how); the job fails with it. */
  | 'error';

/** Worker → control plane. */
export type WorkerMessage = {
  readonly type: 'stopped';
  readonly partition: number;
  /** The token the partition ran under. */
  readonly token: number;
  readonly reason: StopReason;
  /** The error message, for 'error' and 'fenced'. */
  readonly detail?: string;
};

/**
 * Worker → control plane, while a partition runs: its commits are held up (Redis unreachable, at
 * maxmemory, loading) and being retried, or went through again. For the operator's log only.
 */
export type NoticeMessage = PartitionNotice & {
  readonly type: 'notice';
  readonly partition: number;
  readonly token: number;
};

export interface WorkerOutcome {
  /** How many partition runs (start messages) this worker served. */
  readonly runs: number;
}

/** Per-partition counter slots; written only by the partition's current worker, read by the control plane. */
export const Counter = {
  entries: 0,
  results: 1,
  late: 2,
  deadLetters: 3,
  batches: 5,
  watermark: 6,
  openWindows: 7,
  keys: 8,
  /** Heap bytes of the partition's state: windows, panes, sessions, revisions, state-limit counts, detector states. */
  stateBytes: 9,
  maxBatchLatencyMs: 10,
  commitMsTotal: 11,
  /** Batches whose latency exceeded the job's latencyBudget. */
  budgetViolations: 12,
  /** Entries dead-lettered as `state-limit` (maxKeys / maxOpenWindows). */
  stateLimitDeadLetters: 13,
  /** Keys holding state now: what maxKeys bounds. */
  stateKeys: 14,
  /** Batch latency histogram: one count per LATENCY_BUCKETS_MS bucket (not cumulative), then +Inf. */
  latencyBuckets: 16,
  latencySumMs: 26,
  latencyCount: 27,
} as const;

/**
 * Upper bounds (ms) of the batch-latency histogram: from the reply's arrival to its commit's reply,
 * the end-to-end latency a window result sees once its window is closable.
 */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500] as const;

export const COUNTERS_PER_PARTITION = 32;

/** Records one batch's latency in the partition's histogram slots. */
export function observeLatency(c: Float64Array, ms: number, budgetMs: number): void {
  let b = 0;
  while (b < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[b]!) b++;
  c[Counter.latencyBuckets + b]! += 1;
  c[Counter.latencySumMs]! += ms;
  c[Counter.latencyCount]! += 1;
  if (budgetMs > 0 && ms > budgetMs) c[Counter.budgetViolations]! += 1;
  if (ms > c[Counter.maxBatchLatencyMs]!) c[Counter.maxBatchLatencyMs] = ms;
}

export function partitionCounters(buffer: SharedArrayBuffer, partition: number): Float64Array {
  return new Float64Array(buffer, partition * COUNTERS_PER_PARTITION * 8, COUNTERS_PER_PARTITION);
}
