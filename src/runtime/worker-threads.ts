import { MessageChannel, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ResolvedJob } from '../job/resolved-job.js';
import type { NoticeMessage, ControlMessage, StopRequest, WorkerMessage, WorkerOutcome, WorkerTask } from '../pool/worker-protocol.js';
import { leastLoadedWorker } from './partition-placement.js';
import type { RedisConnectOptions } from '../redis/redis-url.js';
import type { ReplicaWait } from '../pipeline/batch-commit.js';

export interface WorkerThreadsOptions {
  readonly job: ResolvedJob;
  readonly redisUrl: string;
  readonly redisConnect: RedisConnectOptions;
  readonly owner: string;
  readonly drain: boolean;
  /** WAIT for replicas after each commit; absent: no WAIT. */
  readonly wait?: ReplicaWait;
  readonly threads: number;
  readonly counters: SharedArrayBuffer;
  /** Every 'stopped' report, in order; also synthesised for the partitions of a thread that died. */
  readonly onStopped: (m: WorkerMessage) => void;
  /** Commits held up and retried, or going through again (for the log). */
  readonly onNotice?: (m: NoticeMessage) => void;
}

/**
 * The process's worker threads, each running one long task (src/pool/partition-worker.ts) that
 * starts and stops partitions on command. The control plane's only handle on them: it places each
 * acquired partition on the least-loaded thread and hears back when a partition has stopped.
 */
export class WorkerThreads {
  private readonly pool: Piscina<WorkerTask, WorkerOutcome>;
  private readonly ports: MessagePort[] = [];
  private readonly loads: number[];
  /** Partition → [thread, token] for every partition started and not yet reported stopped. */
  private readonly placed = new Map<number, { readonly thread: number; readonly token: number }>();
  private destroyed = false;
  /** Settles when every thread's task has ended (after shutdown()); rejects with the first thread that died. */
  readonly finished: Promise<void>;

  constructor(private readonly o: WorkerThreadsOptions) {
    this.loads = Array.from({ length: o.threads }, () => 0);
    this.pool = new Piscina<WorkerTask, WorkerOutcome>({
      filename: new URL('../pool/partition-worker.js', import.meta.url).href,
      minThreads: o.threads,
      maxThreads: o.threads,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: 1,
      // The task is a long-running async read loop; a worker parked in Atomics.wait would stall its own I/O.
      atomics: 'disabled',
      // Only destroy() is used (shutdown is the task's own business), but never wait 30 s on close.
      closeTimeout: 1000,
    });
    const tasks = this.loads.map((_, thread) => {
      const { port1, port2 } = new MessageChannel();
      this.ports.push(port1);
      port1.on('message', (m: WorkerMessage | NoticeMessage) => (m.type === 'stopped' ? this.stopped(m) : this.o.onNotice?.(m)));
      const task: WorkerTask = { job: o.job, redisUrl: o.redisUrl, redisConnect: o.redisConnect, owner: o.owner, drain: o.drain, counters: o.counters, port: port2, ...(o.wait ? { wait: o.wait } : {}) };
      return this.pool.run(task, { transferList: [port2] as TransferListItem[] }).catch((e: unknown) => {
        // Terminated on purpose (destroy()): nobody waits on its partitions any more.
        if (this.destroyed) return;
        // A dead thread reports nothing more: its partitions stop here, as errors, so the control plane never waits on them.
        for (const [partition, at] of [...this.placed]) {
          if (at.thread === thread) this.stopped({ type: 'stopped', partition, token: at.token, reason: 'error', detail: `worker thread died: ${(e as Error).message}` });
        }
        throw e;
      });
    });
    this.finished = Promise.all(tasks).then(() => undefined);
    this.finished.catch(() => {});
  }

  get threads(): number {
    return this.loads.length;
  }

  /** Runs `partition` under fencing token `token` on the least-loaded thread. */
  start(partition: number, token: number): void {
    const thread = leastLoadedWorker(this.loads);
    this.loads[thread]!++;
    this.placed.set(partition, { thread, token });
    this.send(thread, { type: 'start', partition, token });
  }

  stop(partition: number, why: StopRequest): void {
    const at = this.placed.get(partition);
    if (at) this.send(at.thread, { type: 'stop', partition, why });
  }

  /** Every thread stops its partitions ('release': in-flight batches are committed) and ends its task. */
  shutdown(): void {
    this.ports.forEach((_, thread) => this.send(thread, { type: 'shutdown' }));
  }

  /** Partitions still running (not yet reported stopped). */
  get running(): readonly number[] {
    return [...this.placed.keys()];
  }

  /** Terminates the threads now, whatever they are doing (a commit cut off mid-flight is either applied whole or not at all). */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const p of this.ports) p.close();
    await this.pool.destroy();
  }

  private send(thread: number, m: ControlMessage): void {
    if (!this.destroyed) this.ports[thread]!.postMessage(m);
  }

  private stopped(m: WorkerMessage): void {
    const at = this.placed.get(m.partition);
    if (!at || at.token !== m.token) return;
    this.placed.delete(m.partition);
    this.loads[at.thread]!--;
    this.o.onStopped(m);
  }
}
