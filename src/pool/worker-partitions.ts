import type { RedisEndpoint } from '../redis/redis-url.js';
import type { Committer } from '../pipeline/batch-commit.js';
import { PartitionRunner } from '../pipeline/partition-runner.js';
import type { PartitionNotice } from '../pipeline/partition-notice.js';
import { Counter, partitionCounters, type NoticeMessage, type ControlMessage, type StopRequest, type WorkerMessage, type WorkerTask } from './worker-protocol.js';

interface Run {
  readonly runner: PartitionRunner;
  readonly token: number;
  stopRequest: StopRequest | undefined;
}

/**
 * The partitions one worker thread runs, started and stopped by ControlMessages; every run that
 * ends is reported with its reason (WorkerMessage). A fenced run is not an error: the runner stood
 * down because someone else holds the partition now.
 */
export class WorkerPartitions {
  private readonly running = new Map<number, Run>();
  private shuttingDown = false;
  private runs = 0;
  private finish!: () => void;
  /** Settles after 'shutdown', once every run has ended and been reported. */
  readonly finished: Promise<void>;

  constructor(
    private readonly task: WorkerTask,
    private readonly endpoint: RedisEndpoint,
    private readonly committer: Committer,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** Partition runs started so far. */
  get started(): number {
    return this.runs;
  }

  handle(m: ControlMessage): void {
    if (m.type === 'start') {
      // The control plane starts a partition only after its previous run here reported 'stopped'.
      if (this.running.has(m.partition) || this.shuttingDown) {
        this.report({ type: 'stopped', partition: m.partition, token: m.token, reason: 'error', detail: `partition ${m.partition} started while running or shutting down; this is a bug in eddy` });
        return;
      }
      this.start(m.partition, m.token);
    } else if (m.type === 'stop') {
      const run = this.running.get(m.partition);
      if (!run) return; // it ended on its own (fenced, drained) and its report is on the way
      run.stopRequest ??= m.why;
      run.runner.stop();
    } else {
      this.shuttingDown = true;
      for (const run of this.running.values()) {
        run.stopRequest ??= 'release';
        run.runner.stop();
      }
      if (this.running.size === 0) this.finish();
    }
  }

  private start(partition: number, token: number): void {
    const { job, owner, drain } = this.task;
    this.runs++;
    const counters = partitionCounters(this.task.counters, partition);
    const onNotice = (n: PartitionNotice): void => this.report({ type: 'notice', partition, token, ...n });
    const wait = this.task.wait ? { wait: this.task.wait } : {};
    const runner = new PartitionRunner({ job, partition, endpoint: this.endpoint, committer: this.committer, counters, drain, lease: { owner, token }, onNotice, ...wait });
    const run: Run = { runner, token, stopRequest: undefined };
    this.running.set(partition, run);
    const stopped = (reason: WorkerMessage['reason'], detail?: string): WorkerMessage => ({
      type: 'stopped',
      partition,
      token,
      reason,
      ...(detail !== undefined ? { detail } : {}),
    });
    void runner
      .run()
      .then(
        (outcome) =>
          outcome === 'fenced' ? stopped('fenced', runner.fencedBy?.message)
          : outcome === 'drained' ? stopped('drained')
          : stopped(run.stopRequest === 'lease-lost' ? 'lease-lost' : 'released'),
        (e: unknown) => stopped('error', e instanceof Error ? e.message : String(e)),
      )
      .then((m) => {
        // Gauges describe the partitions running here; counts stay totals of what this process did.
        counters[Counter.openWindows] = 0;
        counters[Counter.keys] = 0;
        this.running.delete(partition);
        this.report(m);
        if (this.shuttingDown && this.running.size === 0) this.finish();
      });
  }

  private report(m: WorkerMessage | NoticeMessage): void {
    this.task.port.postMessage(m);
  }
}
