import type { ResolvedJob } from '../job/resolved-job.js';
import { readPosition } from '../redis/partition-position.js';
import type { RedisEndpoint } from '../redis/redis-url.js';
import { ReaderReconnected, StreamReader } from '../redis/stream-reader.js';
import { Counter } from '../pool/worker-protocol.js';
import { PartitionKernel, ReadErrorReply } from '../wasm/partition-kernel.js';
import { batchDeadLetters } from './batch-dead-letters.js';
import { FencedCommit, type BatchCommit, type Committer, type LeaseHold, type ReplicaWait } from './batch-commit.js';
import { CheckpointBehind, CommitAbandoned, CommitRetry } from './commit-retry.js';
import type { PartitionNotice } from './partition-notice.js';
import { CommitPipeline } from './commit-pipeline.js';
import { BatchFailed, failedBatch, settleFailedBatch } from './failed-batch.js';
import { OthersPending } from './others-pending.js';
import { checkSource, SourceGone } from '../redis/source-check.js';
import { lateRecord, type Fields } from './derived-records.js';
import { BatchOutput } from './batch-output.js';
import { PartitionRecovery } from './partition-recovery.js';
import { injectedFault } from './fault-injection.js';
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
  /** When an idle read last checked that the stream and group still exist. */
  private sourceCheckedAt = -Infinity;

  constructor(private readonly o: PartitionRunnerOptions) {
    const { committer, job, partition, lease } = o;
    const retry = new CommitRetry({ committer, job, partition, lease, stopping: () => this.stopping, notify: (n) => o.onNotice?.(n), ...(o.wait ? { wait: o.wait } : {}) });
    this.commits = new CommitPipeline(retry, job, o.counters, () => this.stop());
    this.stream = o.job.partitions[o.partition]!;
    this.fresh();
  }

  /** A fresh kernel, windows and reader: what a partition restarted from its checkpoint begins with. */
  private fresh(): void {
    const o = this.o;
    this.kernel = new PartitionKernel(o.job);
    this.output = new BatchOutput(o.job, this.kernel);
    this.recovery = new PartitionRecovery(o.job, this.stream, this.kernel, this.output, o.committer);
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
        await this.checkSourceWhenIdle(received);
        if (job.idleMs > 0 && received - lastEntryAt >= job.idleMs) {
          const idle = this.idleBatch(received - idleUntil);
          idleUntil = received;
          if (idle.outputCount > 0) await this.commits.enqueue(idle, received);
        }
        continue;
      }
      let batch: BatchCommit;
      try {
        batch = this.buildBatch(n, endOfInput, n > 0 ? cursor : '', entriesRead, replayed);
      } catch (e) {
        throw failedBatch(e, this.kernel, this.isolateLeft > 0, this.commits.committedId, entriesRead);
      }
      if (this.isolateLeft > 0) this.isolateLeft = Math.max(0, this.isolateLeft - (n - replayed));
      this.kernel.consumeFrame(frame);
      this.updateCounters(n - replayed, batch);
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

  /** The results an idle partition's advancing clock closes: a commit that reads no entries. */
  private idleBatch(elapsedMs: number): BatchCommit {
    const { output, outputCount } = this.output.idle(Math.floor(elapsedMs));
    this.o.counters[Counter.results]! += outputCount;
    const watermark = this.kernel.wasm.currentWatermark();
    const detectorSnapshot = this.o.job.detect?.on === 'windows' ? this.recovery.detectorSnapshot(this.commits.committedId, watermark) : undefined;
    return { lastId: '', entriesRead: undefined, output, outputCount, late: [], deadLetter: [], clock: this.recovery.clock(watermark), ...(detectorSnapshot ? { detectorSnapshot } : {}) };
  }

  /** Everything a batch produces, extracted synchronously while the reply bytes are still in place. */
  private buildBatch(n: number, endOfInput: boolean, lastId: string, entriesRead: number | undefined, replayed: number): BatchCommit {
    if (injectedFault !== undefined) injectedFault(this.o.job, this.kernel, n);
    const dataWatermark = this.kernel.wasm.currentWatermark();
    const { output, outputCount } = this.output.process(n, endOfInput, replayed);
    // After processing: state-limit verdicts are set by the kernel while it processes (state-limits.ts).
    const { deadLetter, refused } = batchDeadLetters(this.o.job, this.kernel, replayed, n);
    if (n > 0 && replayed === n && outputCount > 0) {
      throw new Error(`partition ${this.stream}: replaying committed entries closed ${outputCount} windows not written before; this is a bug in eddy (nothing open at the commit can close before the committed position)`);
    }
    const late: Fields[] = [];
    for (const l of this.kernel.lateEvents()) {
      if (l.index >= replayed) late.push(lateRecord(this.kernel.entry(l.index), l.start, l.end, l.watermark, this.o.job.emission !== undefined));
    }
    this.recovery.endReplayedClock();
    const watermark = endOfInput ? dataWatermark : this.kernel.wasm.currentWatermark();
    if (lastId !== '') this.recovery.recordBatch(lastId, watermark, n);
    // (Detection on window results snapshots whenever results were judged, end of input included.)
    const detectorSnapshot = (lastId !== '' && replayed < n) || this.o.job.detect?.on === 'windows' ? this.recovery.detectorSnapshot(lastId || this.commits.committedId, watermark) : undefined;
    return { lastId, entriesRead, output, outputCount, late, deadLetter, refused, clock: this.recovery.clock(watermark), ...(detectorSnapshot ? { detectorSnapshot } : {}) };
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

  /**
   * A stream deleted, or a group destroyed, while no entries arrive would go unnoticed (a blocked
   * XREAD on a missing key just waits), so an empty read checks, at most once a second; a commit
   * finds it out by itself (SourceGone). Redis being unreachable is the reader's and the commits'
   * business, not this check's.
   */
  private async checkSourceWhenIdle(now: number): Promise<void> {
    if (now - this.sourceCheckedAt < 1000) return;
    this.sourceCheckedAt = now;
    const { committer, job } = this.o;
    try {
      await checkSource(committer, job.name, this.stream, job.group);
    } catch (e) {
      if (e instanceof SourceGone) throw e;
    }
  }

  private updateCounters(n: number, batch: BatchCommit): void {
    const c = this.o.counters;
    const w = this.kernel.wasm;
    c[Counter.entries]! += n;
    c[Counter.results]! += batch.outputCount;
    c[Counter.late]! += batch.late.length;
    c[Counter.deadLetters]! += batch.deadLetter.length;
    c[Counter.batches]! += 1;
    c[Counter.watermark] = w.currentWatermark();
    c[Counter.openWindows] = w.openWindowSlots();
    c[Counter.keys] = w.keyTableSize();
    c[Counter.stateLimitDeadLetters]! += batch.refused?.length ?? 0;
    c[Counter.stateKeys] = w.stateKeyCount();
    c[Counter.stateBytes] = w.windowStateBytes() + this.output.detectorStateBytes();
  }
}
