import type { ResolvedJob } from '../job/resolved-job.js';
import { readPosition } from '../redis/partition-position.js';
import type { RedisEndpoint } from '../redis/redis-url.js';
import { ReaderReconnected, StreamReader } from '../redis/stream-reader.js';
import { PartitionKernel, ReadErrorReply } from '../wasm/partition-kernel.js';
import { BatchBuilder } from './batch-builder.js';
import { FencedCommit, type BatchCommit, type Committer, type LeaseHold, type ReplicaWait } from './batch-commit.js';
import { CheckpointBehind, CommitAbandoned, CommitRetry } from './commit-retry.js';
import type { PartitionNotice } from './partition-notice.js';
import { CommitPipeline } from './commit-pipeline.js';
import { BatchFailed, failedBatch, settleFailedBatch } from './failed-batch.js';
import { OthersPending } from './others-pending.js';
import { IdleSourceCheck } from './idle-source-check.js';
import { BatchOutput } from './batch-output.js';
import { PartitionRecovery } from './partition-recovery.js';
import { keySlot } from '../redis/cluster-slot.js';
import { slotMaster } from '../redis/cluster-read-target.js';

export interface PartitionRunnerOptions {
  readonly job: ResolvedJob;
  readonly partition: number;
  readonly endpoint: RedisEndpoint;
  readonly committer: Committer;
  readonly counters: Float64Array;
  /** Process what the stream holds, close every window at its end, commit, return. */
  readonly drain: boolean;
  /** The lease this run holds the partition under; every commit carries it. */
  readonly lease: LeaseHold;
  /** Told when commits are held up (connection lost, OOM, …) and when they go through again. */
  readonly onNotice?: (n: PartitionNotice) => void;
  /** WAIT for replicas after each commit (`--wait-replicas`). @default none */
  readonly wait?: ReplicaWait;
}

/** How a run ended (errors are thrown). */
export type RunnerOutcome =
  /**
   * stop() was called; every batch read was committed (or refused by fencing, see 'fenced'), or
   * abandoned undecided because Redis could not take it (applied whole or not at all).
   */
  | 'stopped'
  /** Draining: the end of input was reached and committed. */
  | 'drained'
  /** A commit was refused by fencing: the partition is someone else's now; nothing more was written. */
  | 'fenced';

/**
 * Reads, processes and commits one partition. Reading is by position (XREAD after the last entry
 * read), starting at the committed position; the commit script moves the committed position and the
 * consumer group's last-delivered ID together. So eddy leaves no pending entries behind and needs no
 * XACK: an entry is either before the committed position (its effects are in Redis) or after it (it
 * will be read again). The next read is sent before the current batch is processed, so Redis serves
 * it while the kernel works.
 */
export class PartitionRunner {
  // Made afresh when a failed batch restarts the partition from its checkpoint (redeliver()).
  private kernel!: PartitionKernel;
  private output!: BatchOutput;
  private batches!: BatchBuilder;
  private reader!: StreamReader;
  private recovery!: PartitionRecovery;
  private readonly stream: string;
  private stopping = false;
  private readonly commits: CommitPipeline;
  /** Poisoned entries (checkpoint `poisoned`): skipped whenever they are read. */
  private poisoned: ReadonlySet<string> = new Set();
  /** New entries still to read one at a time, looking for a poisoned one; 0 when not isolating. */
  private isolateLeft = 0;
  /** Entries other consumers left pending: acknowledged once read past (others-pending.ts). */
  private othersPending: OthersPending | undefined;
  private readonly sourceCheck: IdleSourceCheck;

  constructor(private readonly o: PartitionRunnerOptions) {
    const { committer, job, partition, lease } = o;
    const retry = new CommitRetry({ committer, job, partition, lease, stopping: () => this.stopping, notify: (n) => o.onNotice?.(n), ...(o.wait ? { wait: o.wait } : {}) });
    this.commits = new CommitPipeline(retry, job, o.counters, () => this.stop());
    this.stream = o.job.partitions[o.partition]!;
    this.sourceCheck = new IdleSourceCheck(committer, job, this.stream);
    this.fresh();
  }

  /** A fresh kernel, windows and reader: what a partition restarted from its checkpoint begins with. */
  private fresh(): void {
    const o = this.o;
    this.kernel = new PartitionKernel(o.job);
    this.output = new BatchOutput(o.job, this.kernel);
    this.recovery = new PartitionRecovery(o.job, this.stream, this.kernel, this.output, o.committer, (n) => o.onNotice?.(n));
    const { job, counters } = o;
    const committedId = (): string => this.commits.committedId;
    this.batches = new BatchBuilder({ job, stream: this.stream, kernel: this.kernel, output: this.output, recovery: this.recovery, counters, committedId });
    // On a cluster the read socket goes to the master of the stream's slot, found anew on every (re)connect.
    const slot = keySlot(this.stream);
    const locate = o.endpoint.cluster ? { locate: () => slotMaster(o.committer, slot, o.endpoint.host) } : {};
    this.reader = new StreamReader(o.endpoint, this.kernel, `eddy:${o.job.name}:p${o.partition}`, { batchSize: o.job.batchSize, ...locate });
  }

  /** Stops reading; batches already read are still committed; entries not read are the next owner's. */
  stop(): void {
    this.stopping = true;
    this.reader.close();
  }

  /** The fencing refusal, when a commit met one. */
  get fencedBy(): FencedCommit | undefined {
    return this.commits.fenced;
  }

  /**
   * Runs until stop(), the end of input (draining) or a commit refused by fencing. A fenced runner
   * stands down quietly: it stops reading and drops what it holds (its commits would all be refused),
   * and reports 'fenced' rather than failing the job.
   */
  async run(): Promise<RunnerOutcome> {
    try {
      let drained = false;
      for (;;) {
        try {
          drained = await this.loop();
          break;
        } catch (e) {
          if (e instanceof CheckpointBehind) {
            if (!(await this.restartBehind(e))) break;
            continue;
          }
          if (!(e instanceof BatchFailed)) throw e;
          if (!(await this.redeliver(e))) break;
        }
      }
      const commits = this.commits;
      await commits.settle();
      await this.othersPending?.settled();
      if (commits.fenced) return 'fenced';
      if (commits.failure !== undefined) throw commits.failure;
      return drained && !commits.abandoned ? 'drained' : 'stopped';
    } catch (e) {
      const commits = this.commits;
      if (!commits.fenced && !(e instanceof CommitAbandoned)) throw e;
      await commits.settle();
      if (commits.failure !== undefined && !commits.fenced) throw commits.failure;
      return commits.fenced ? 'fenced' : 'stopped';
    } finally {
      this.reader.close();
    }
  }

  /** The read–process–commit loop; true when it ended at the end of input. */
  private async loop(): Promise<boolean> {
    const { job, drain, committer } = this.o;
    const position = await readPosition(committer, job.name, job.group, this.stream, job.abandonedPendingMs);
    this.commits.resume(position.seq, position.id, position.clock);
    let entriesRead = position.entriesRead;
    const othersPending = (this.othersPending = OthersPending.atStart(
      { redis: committer, stream: this.stream, group: job.group, abandonedPendingMs: job.abandonedPendingMs },
      { ...position, firstRun: position.seq === 0 },
      (n) => this.o.onNotice?.(n),
    ));
    // Not exact past this (DESIGN.md "State limits"): say so at every start that replays.
    if (position.refusalMarksLost) {
      this.o.onNotice?.({ cause: 'marks-lost', detail: `${position.refusalMarksLost} refusal marks dropped since the job began (more than 65,536 state-limit refusals within one replay span)` });
    }
    this.poisoned = new Set(position.poisoned ?? []);
    const f = position.failures;
    this.isolateLeft = f !== undefined && f.after === position.id && f.count >= job.maxDeliveries ? job.batchSize : 0;
    // last entry handed to the kernel: where replay starts after a takeover (partition-recovery.ts)
    let cursor = await this.recovery.resume(position);
    // Processing time of the last entry, and up to where idleness has already moved the clock.
    let lastEntryAt = performance.now();
    let idleUntil = lastEntryAt;
    await this.reader.connect();
    this.sendRead(cursor);
    for (;;) {
      let frame: number;
      try {
        frame = await this.reader.nextFrame();
      } catch (e) {
        if (this.stopping) break;
        if (!(e instanceof ReaderReconnected)) throw e;
        // The lost reply was never processed: read again after the last entry the kernel has seen.
        // Stopped while reconnecting (the lease lost in an outage): the reader gives up, not an error.
        try {
          await this.reader.ready();
        } catch (r) {
          if (!this.stopping) throw r;
        }
        if (this.stopping) break;
        this.sendRead(cursor);
        continue;
      }
      if (this.stopping) break;
      if (this.commits.failure !== undefined) throw this.commits.failure;
      const received = performance.now();
      let n: number;
      try {
        n = this.kernel.decode(frame, this.poisoned);
      } catch (e) {
        if (!(e instanceof ReadErrorReply)) throw failedBatch(e, this.kernel, this.isolateLeft > 0, this.commits.committedId, entriesRead === undefined ? undefined : entriesRead + 1);
        this.kernel.consumeFrame(frame);
        // A cluster node that no longer serves the stream's slot (failover, resharding): connect to
        // the one that does, and read from the same cursor (the loop's reconnect path).
        if (/^MOVED /.test(e.message)) {
          this.reader.relocate(`answered ${e.message}`);
          continue;
        }
        // Redis restarted and is still loading its data (or is busy), the cluster is failing over,
        // or the slot is migrating (ASK: read here again until it has moved): read again shortly.
        if (!/^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|CLUSTERDOWN|ASK) /.test(e.message)) throw e;
        await new Promise((r) => setTimeout(r, 100));
        this.sendRead(cursor);
        continue;
      }
      const endOfInput = n === 0 && drain;
      // Entries at or before the committed position, re-read to rebuild open windows.
      const replayed = this.recovery.replayedEntries(n);
      if (n > 0) {
        cursor = this.kernel.lastId();
        if (entriesRead !== undefined) entriesRead += n - replayed;
        lastEntryAt = idleUntil = received;
      }
      if (!endOfInput) this.sendRead(cursor);
      if (n === 0 && !endOfInput) {
        this.kernel.consumeFrame(frame);
        await this.sourceCheck.check(received);
        if (job.idleMs > 0 && received - lastEntryAt >= job.idleMs) {
          const idle = this.batches.idle(received - idleUntil);
          idleUntil = received;
          if (idle.outputCount > 0) await this.commits.enqueue(idle, received);
        }
        continue;
      }
      let batch: BatchCommit;
      try {
        batch = this.batches.build(n, endOfInput, n > 0 ? cursor : '', entriesRead, replayed);
      } catch (e) {
        throw failedBatch(e, this.kernel, this.isolateLeft > 0, this.commits.committedId, entriesRead);
      }
      if (this.isolateLeft > 0) this.isolateLeft = Math.max(0, this.isolateLeft - (n - replayed));
      this.kernel.consumeFrame(frame);
      this.batches.count(n - replayed, batch);
      // A batch wholly before the committed position has nothing to write, and committing it would
      // move the position back.
      if (replayed < n || endOfInput) await this.commits.enqueue(batch, received);
      othersPending.passed(batch.lastId);
      if (endOfInput) return true;
    }
    return false;
  }

  private sendRead(after: string): void {
    const { job, drain } = this.o;
    const block = drain ? [] : ['BLOCK', String(job.blockMs)];
    try {
      const count = this.isolateLeft > 0 ? 1 : this.reader.nextReadCount;
      this.reader.send(['XREAD', 'COUNT', String(count), ...block, 'STREAMS', this.stream, after], drain ? 0 : job.blockMs);
    } catch (e) {
      // The socket dropped between two reads: nextFrame() rejects with ReaderReconnected and the
      // loop resends from the same cursor once the reader is back.
      if (!(e instanceof ReaderReconnected)) throw e;
    }
  }

  /**
   * A batch failed: the commits before it are let finish, then the failure is settled
   * (failed-batch.ts) and the partition restarts from its checkpoint with a fresh kernel, under the
   * same lease. False when the run is to end instead (stopped, fenced, a commit abandoned).
   */
  private async redeliver(f: BatchFailed): Promise<boolean> {
    this.reader.close();
    const { job, committer, lease, counters } = this.o;
    const restart = await settleFailedBatch({ job, committer, lease, counters, stream: this.stream, commits: this.commits, stopping: () => this.stopping }, f);
    if (!restart) return false;
    this.fresh();
    return !this.stopping;
  }

  /**
   * Redis lost commits it had acknowledged (a failover to a replica that lacked them; CheckpointBehind):
   * their outputs were lost with them, so the partition restarts from the checkpoint Redis has, with
   * a fresh kernel, under the same lease — as after a takeover. False when the run is to end instead.
   */
  private async restartBehind(e: CheckpointBehind): Promise<boolean> {
    this.reader.close();
    const commits = this.commits;
    await commits.settle();
    if (commits.fenced !== undefined || commits.abandoned || this.stopping) return false;
    if (commits.failure !== undefined && !(commits.failure instanceof CheckpointBehind)) throw commits.failure;
    commits.failure = undefined;
    this.o.onNotice?.({ cause: 'lost-writes', attempts: 1, detail: e.message });
    this.fresh();
    return !this.stopping;
  }
}
