import { availableParallelism } from 'node:os';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ResolvedJob } from '../job/resolved-job.js';
import { commandConnection } from '../redis/command-connection.js';
import { parseRedisUrl } from '../redis/redis-url.js';
import { COUNTERS_PER_PARTITION, type ControlMessage, type WorkerOutcome, type WorkerTask } from '../pool/worker-protocol.js';
import { assignPartitions } from './partition-assignment.js';
import { ensureGroups } from './consumer-groups.js';
import { ProgressTracker, type Progress } from './progress.js';

export interface RunOptions {
  /** `redis://` or `rediss://` URL. */
  readonly redisUrl: string;
  /** Process what the input holds, close every window, commit, finish. @default false */
  readonly drain?: boolean;
  /** Worker threads; never more than the job's partitions. @default min(partitions, available cores) */
  readonly workers?: number;
}

export interface RunSummary extends Progress {
  readonly workers: number;
  /** Peak resident set size of this process, bytes. */
  readonly maxRssBytes: number;
}

export interface JobHandle {
  /** Settles when every worker has finished: after drain, or after stop(). Rejects with the first worker error. */
  readonly done: Promise<RunSummary>;
  /** Stop reading, commit what is in flight, finish. Safe to call more than once. */
  stop(): void;
  /** Counters as of now; `lag` as of the last `refreshLag()`. */
  progress(): Progress;
  /** Reads consumer-group lag from Redis (control plane only). */
  refreshLag(): Promise<void>;
}

/**
 * The control plane: checks Redis, creates consumer groups, hands partitions to worker threads and
 * watches their counters. It never touches an individual event.
 */
export async function startJob(job: ResolvedJob, options: RunOptions): Promise<JobHandle> {
  const endpoint = parseRedisUrl(options.redisUrl);
  const control = commandConnection(endpoint, `eddy:${job.name}:control`);
  try {
    await control.ping();
  } catch (e) {
    control.disconnect();
    throw new Error(`cannot reach Redis at ${endpoint.redacted} (${(e as Error).message}): start redis-server or point --redis / REDIS_URL at one`);
  }
  await ensureGroups(control, job);

  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), job.partitions.length));
  const counters = new SharedArrayBuffer(job.partitions.length * COUNTERS_PER_PARTITION * 8);
  const tracker = new ProgressTracker(job, counters, control);
  const pool = new Piscina<WorkerTask, WorkerOutcome>({
    filename: new URL('../pool/partition-worker.js', import.meta.url).href,
    minThreads: workerCount,
    maxThreads: workerCount,
    idleTimeout: Infinity,
    concurrentTasksPerWorker: 1,
    // The task is a long-running async read loop; a worker parked in Atomics.wait would stall its own I/O.
    atomics: 'disabled',
  });
  const ports: MessageChannel['port1'][] = [];
  const tasks = assignPartitions(job.partitions.length, workerCount).map((partitions) => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    const task: WorkerTask = { job, redisUrl: options.redisUrl, partitions, drain: options.drain ?? false, counters, control: port2 };
    return pool.run(task, { transferList: [port2] as TransferListItem[] });
  });

  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    for (const p of ports) p.postMessage({ type: 'stop' } satisfies ControlMessage);
  };
  // A failing worker stops the others rather than leaving them running unobserved.
  for (const t of tasks) t.catch(() => stop());
  const done = (async (): Promise<RunSummary> => {
    try {
      const settled = await Promise.allSettled(tasks);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) {
        stop();
        throw failed.reason;
      }
      return { ...tracker.snapshot(), workers: workerCount, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
    } finally {
      for (const p of ports) p.close();
      await pool.destroy();
      control.disconnect();
    }
  })();

  return {
    done,
    stop,
    progress: () => tracker.snapshot(),
    refreshLag: () => tracker.refreshLag(),
  };
}
