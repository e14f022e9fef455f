import { availableParallelism } from 'node:os';
import type { ResolvedJob } from '../job/resolved-job.js';
import { openCommandConnection } from '../redis/command-connection.js';
import { checkClusterSlots } from '../redis/cluster-slots-check.js';
import { withPartitionSinks } from '../redis/keys.js';
import { newOwnerId, PartitionLeases } from '../redis/partition-leases.js';
import type { RedisConnectOptions } from '../redis/redis-url.js';
import { COUNTERS_PER_PARTITION, partitionCounters, type NoticeMessage } from '../pool/worker-protocol.js';
import { ensureGroups } from './consumer-groups.js';
import { LeaseManager } from './lease-manager.js';
import type { LeaseEvent, LeaseStats } from './lease-events.js';
import { LEASE_DEFAULTS, validateLeaseMs } from './lease-options.js';
import { ProgressTracker, type Progress } from './progress.js';
import { WorkerThreads } from './worker-threads.js';

export interface RunOptions {
  /** `redis://` or `rediss://` URL. */
  readonly redisUrl: string;
  /** Connect options beyond the URL: the CA file to trust for `rediss://`. @default {} */
  readonly redisConnect?: RedisConnectOptions;
  /**
   * Process what the input holds, close every window, commit, finish. With other processes of the
   * job running, only the partitions this process can acquire are drained (see RunSummary.undrained).
   * @default false
   */
  readonly drain?: boolean;
  /** Worker threads; never more than the job's partitions. @default min(partitions, available cores) */
  readonly workers?: number;
  /**
   * After every commit, `WAIT` until this many replicas have it (or `waitTimeoutMs` passed): narrows
   * what a failover can lose to the commits in flight (DESIGN.md, "Redis Cluster"). @default 0 (no WAIT)
   */
  readonly waitReplicas?: number;
  /** How long one WAIT may take, ms; a commit not replicated by then is logged, not undone. @default 1000 */
  readonly waitTimeoutMs?: number;
  /** Partition lease time-to-live, ms (see LeaseOptions). @default 10000 */
  readonly leaseMs?: number;
  /** Told about every lease acquired, released or lost, and about fair-share changes. */
  readonly onLeaseEvent?: (e: LeaseEvent) => void;
  /** Told when a partition's commits are held up and retried (Redis unreachable, at maxmemory, …), and when they go through again. */
  readonly onNotice?: (m: NoticeMessage) => void;
}

/** Progress plus the process's leases. */
export interface RunProgress extends Progress {
  readonly leases: LeaseStats;
}

export interface RunSummary extends RunProgress {
  readonly workers: number;
  /** Peak resident set size of this process, bytes. */
  readonly maxRssBytes: number;
  /** Draining: partitions held by other processes until the wait ran out, so not drained here. */
  readonly undrained: readonly number[];
  /** Stopping outlasted its grace period: the threads were terminated, their uncommitted batches are read again by the next owner. */
  readonly forcedStop: boolean;
}

export interface JobHandle {
  /** The job as it runs: on a Redis Cluster with each partition's own sinks (`partitionSinks`). */
  readonly job: ResolvedJob;
  /** Whether Redis is a cluster (INFO cluster). */
  readonly cluster: boolean;
  /** Settles when every partition has stopped and its lease is released: after drain, or after stop(). Rejects with the first partition error. */
  readonly done: Promise<RunSummary>;
  /** Stop reading, commit what is in flight, release the leases, finish. Safe to call more than once. */
  stop(): void;
  /** Counters as of now; `lag` as of the last `refreshLag()`. */
  progress(): RunProgress;
  /** Reads consumer-group lag from Redis (control plane only). */
  refreshLag(): Promise<void>;
  /** A copy of partition p's counters (Counter slots), as its worker last wrote them. */
  partitionCounters(p: number): Float64Array;
  /** Each partition's consumer-group lag, read from Redis now. */
  partitionLags(): Promise<(number | undefined)[]>;
  /** Whether the control connection answers PING within `timeoutMs`. */
  redisReachable(timeoutMs: number): Promise<boolean>;
}

/**
 * How long stop() waits for partitions to commit what is in flight before the threads are
 * terminated and the leases released anyway (fencing keeps that safe). With the lease manager's
 * 0.5 s bound on those releases, a SIGTERM'd process exits within 5 s even when Redis or a commit is
 * stuck. Not 3 s: on a 2-core machine at load 9, terminating the threads, the releases and the
 * process's own exit took 2.3 s after the grace (5.3 s in all).
 */
const STOP_GRACE_MS = 2500;

/**
 * The control plane: checks Redis, creates consumer groups, holds partition leases (acquiring up
 * to its fair share, handing each acquired partition with its fencing token to the least-loaded
 * worker thread) and watches the workers' counters. It never touches an individual event.
 */
export async function startJob(declared: ResolvedJob, options: RunOptions): Promise<JobHandle> {
  const leaseMs = validateLeaseMs(options.leaseMs ?? LEASE_DEFAULTS.leaseMs);
  // A cluster is found out here, once; the worker threads are told (redisConnect.cluster).
  const { redis: control, endpoint: { cluster } } = await openCommandConnection(options.redisUrl, options.redisConnect ?? {}, `eddy:${declared.name}:control`);
  const redisConnect = { ...options.redisConnect, cluster };
  // On a cluster every partition writes its own sinks, in its slot (DESIGN.md, "Redis Cluster").
  const job = cluster ? withPartitionSinks(declared) : declared;
  try {
    if (cluster) checkClusterSlots(job);
    await ensureGroups(control, job);
  } catch (e) {
    control.disconnect();
    throw e;
  }

  const owner = newOwnerId();
  const drain = options.drain ?? false;
  const threads = Math.max(1, Math.min(options.workers ?? availableParallelism(), job.partitions.length));
  const counters = new SharedArrayBuffer(job.partitions.length * COUNTERS_PER_PARTITION * 8);
  const tracker = new ProgressTracker(job, counters, control);
  const leases = new PartitionLeases(control, job.name, job.partitions, owner, leaseMs);
  // The manager and the threads refer to each other: the threads report stops to the manager.
  let manager: LeaseManager | undefined;
  const wait = options.waitReplicas ? { wait: { replicas: options.waitReplicas, timeoutMs: options.waitTimeoutMs ?? 1000 } } : {};
  const workers = new WorkerThreads({ job, redisUrl: options.redisUrl, redisConnect, owner, drain, ...wait, threads, counters, onStopped: (m) => manager?.partitionStopped(m), onNotice: (m) => options.onNotice?.(m) });
  const leaseManager = new LeaseManager({ leases, host: workers, drain, onEvent: options.onLeaseEvent ?? (() => {}) });
  manager = leaseManager;
  // A thread that dies stops the job; its partitions are reported failed, so nobody waits on them.
  workers.finished.catch((e: unknown) => leaseManager.fail(`worker thread died: ${(e as Error).message}`));

  const progress = (): RunProgress => ({ ...tracker.snapshot(), leases: leaseManager.stats() });
  // The first round: the partitions free now are held (and started) when startJob returns.
  await leaseManager.start();
  const done = (async (): Promise<RunSummary> => {
    try {
      // Stopping begins on stop() (a signal), at the end of a drain, or on a failed partition.
      await leaseManager.stopping;
      const grace = new Promise<undefined>((resolve) => setTimeout(resolve, STOP_GRACE_MS, undefined).unref());
      let outcome = await Promise.race([leaseManager.finished, grace]);
      const forcedStop = outcome === undefined;
      if (outcome === undefined) {
        // Partitions still committing after the grace period: stop waiting. Terminating the threads
        // and releasing their leases is safe — a commit still on its way is refused by fencing once a
        // successor has acquired the partition, or applied whole before that.
        await workers.destroy();
        await leaseManager.abandon();
        outcome = await leaseManager.finished;
      }
      if (outcome.failure !== undefined) throw new Error(outcome.failure);
      return { ...progress(), workers: threads, maxRssBytes: process.resourceUsage().maxRSS * 1024, undrained: outcome.undrained, forcedStop };
    } finally {
      leaseManager.stop();
      await workers.destroy();
      control.disconnect();
    }
  })();

  return {
    job,
    cluster,
    done,
    stop: () => leaseManager.stop(),
    progress,
    refreshLag: () => tracker.refreshLag(),
    partitionCounters: (p) => partitionCounters(counters, p).slice(),
    partitionLags: () => tracker.partitionLags(),
    redisReachable: (timeoutMs) =>
      Promise.race([
        control.ping().then(() => true, () => false),
        new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref()),
      ]),
  };
}
