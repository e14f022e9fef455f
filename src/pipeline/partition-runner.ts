import type { ResolvedJob } from '../job/resolved-job.js';
import { decodeEntry } from '../reference/entry-decoder.js';
import { readPosition } from '../redis/partition-position.js';
import type { RedisEndpoint } from '../redis/redis-url.js';
import { ReaderReconnected, StreamReader } from '../redis/stream-reader.js';
import { Counter, observeLatency } from '../pool/worker-protocol.js';
import { PartitionKernel, ReadErrorReply } from '../wasm/partition-kernel.js';
import { STATUS_OK } from '../wasm/layout.js';
import { FencedCommit, type BatchCommit, type Committer, type LeaseHold } from './batch-commit.js';
import { CommitAbandoned, CommitRetry, type CommitNotice } from './commit-retry.js';
import { checkSource, SourceGone } from '../redis/source-check.js';
import { deadLetterRecord, lateRecord, type Fields } from './derived-records.js';
import { BatchOutput } from './batch-output.js';
import { PartitionRecovery } from './partition-recovery.js';

/** Commits allowed in flight while the next batch is processed (they run in order on one connection). */
const MAX_COMMITS_IN_FLIGHT = 2;

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
  readonly onCommitNotice?: (n: CommitNotice) => void;
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
  private readonly kernel: PartitionKernel;
  private readonly output: BatchOutput;
  private readonly reader: StreamReader;
  private readonly stream: string;
  private stopping = false;
  private readonly commits: Promise<void>[] = [];
  private seq = 0;
  private commitFailure: unknown;
  private fenced: FencedCommit | undefined;
  private readonly recovery: PartitionRecovery;
  private readonly commitRetry: CommitRetry;
  /** A commit was still undecided when the run stopped (it may or may not have been applied). */
  private abandoned = false;
  /** When an idle read last checked that the stream and group still exist. */
  private sourceCheckedAt = -Infinity;

  constructor(private readonly o: PartitionRunnerOptions) {
    const { committer, job, partition, lease } = o;
    this.commitRetry = new CommitRetry({ committer, job, partition, lease, stopping: () => this.stopping, notify: (n) => o.onCommitNotice?.(n) });
    this.kernel = new PartitionKernel(o.job);
    this.output = new BatchOutput(o.job, this.kernel);
    this.stream = o.job.partitions[o.partition]!;
    this.recovery = new PartitionRecovery(o.job, this.stream, this.kernel, this.output, o.committer);
    this.reader = new StreamReader(o.endpoint, this.kernel, `eddy:${o.job.name}:p${o.partition}`, { batchSize: o.job.batchSize });
  }

  /** Stops reading; batches already read are still committed; entries not read are the next owner's. */
  stop(): void {
    this.stopping = true;
    this.reader.close();
  }

  /** The fencing refusal, when a commit met one. */
  get fencedBy(): FencedCommit | undefined {
    return this.fenced;
  }

  /**
   * Runs until stop(), the end of input (draining) or a commit refused by fencing. A fenced runner
   * stands down quietly: it stops reading and drops what it holds (its commits would all be refused),
   * and reports 'fenced' rather than failing the job.
   */
  async run(): Promise<RunnerOutcome> {
    try {
      const drained = await this.loop();
      await Promise.allSettled(this.commits);
      if (this.fenced) return 'fenced';
      if (this.commitFailure !== undefined) throw this.commitFailure;
      return drained && !this.abandoned ? 'drained' : 'stopped';
    } catch (e) {
      if (!this.fenced && !(e instanceof CommitAbandoned)) throw e;
      await Promise.allSettled(this.commits);
      if (this.commitFailure !== undefined && !this.fenced) throw this.commitFailure;
      return this.fenced ? 'fenced' : 'stopped';
    } finally {
      this.reader.close();
    }
  }

  /** The read–process–commit loop; true when it ended at the end of input. */
  private async loop(): Promise<boolean> {
    const { job, drain, committer } = this.o;
    const position = await readPosition(committer, job.name, job.group, this.stream);
    this.seq = position.seq;
    let entriesRead = position.entriesRead;
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
      if (this.commitFailure !== undefined) throw this.commitFailure;
      const received = performance.now();
      let n: number;
      try {
        n = this.kernel.decode(frame);
      } catch (e) {
        // Redis restarted and is still loading its data (or is busy): read again shortly, same cursor.
        if (!(e instanceof ReadErrorReply && /^(LOADING|BUSY|TRYAGAIN|MASTERDOWN) /.test(e.message))) throw e;
        this.kernel.consumeFrame(frame);
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
          if (idle.outputCount > 0) await this.enqueueCommit(idle, received);
        }
        continue;
      }
      const batch = this.buildBatch(n, endOfInput, n > 0 ? cursor : '', entriesRead, replayed);
      this.kernel.consumeFrame(frame);
      this.updateCounters(n - replayed, batch);
      // A batch wholly before the committed position has nothing to write, and committing it would
      // move the position back.
      if (replayed < n || endOfInput) await this.enqueueCommit(batch, received);
      if (endOfInput) return true;
    }
    return false;
  }

  private sendRead(after: string): void {
    const { job, drain } = this.o;
    const block = drain ? [] : ['BLOCK', String(job.blockMs)];
    try {
      this.reader.send(['XREAD', 'COUNT', String(this.reader.nextReadCount), ...block, 'STREAMS', this.stream, after], drain ? 0 : job.blockMs);
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
    return { lastId: '', entriesRead: undefined, output, outputCount, late: [], deadLetter: [], clock: this.recovery.clock(this.kernel.wasm.currentWatermark()) };
  }




  /** Everything a batch produces, extracted synchronously while the reply bytes are still in place. */
  private buildBatch(n: number, endOfInput: boolean, lastId: string, entriesRead: number | undefined, replayed: number): BatchCommit {
    const deadLetter: Fields[] = [];
    for (let i = replayed; i < n; i++) {
      const s = this.kernel.status(i);
      if (s === STATUS_OK) continue;
      const entry = this.kernel.entry(i);
      const d = decodeEntry(entry, this.o.job);
      if (d.kind !== 'bad') throw new Error(`kernel and reference decoder disagree on entry ${entry.id} (status ${s}); this is a bug in eddy`);
      deadLetter.push(deadLetterRecord(entry, d.reason, d.detail));
    }
    const dataWatermark = this.kernel.wasm.currentWatermark();
    const { output, outputCount } = this.output.process(n, endOfInput, replayed);
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
    const detectorSnapshot = lastId !== '' && replayed < n ? this.recovery.detectorSnapshot(lastId, watermark) : undefined;
    return { lastId, entriesRead, output, outputCount, late, deadLetter, clock: this.recovery.clock(watermark), ...(detectorSnapshot ? { detectorSnapshot } : {}) };
  }




  private async enqueueCommit(batch: BatchCommit, received: number): Promise<void> {
    while (this.commits.length >= MAX_COMMITS_IN_FLIGHT) await this.commits.shift();
    const { counters, job } = this.o;
    const started = performance.now();
    const seq = this.seq++;
    const commit = this.commitRetry.commit(seq, batch, this.commits.at(-1)).then(() => {
      const now = performance.now();
      counters[Counter.commitMsTotal]! += now - started;
      observeLatency(counters, now - received, job.latencyBudgetMs);
    });
    // Seen by the read loop before the next batch; the promise itself is awaited in order below. A
    // fenced commit stops the reader at once, so a blocked read does not hold the stand-down up.
    commit.catch((e: unknown) => {
      if (e instanceof FencedCommit) {
        this.fenced ??= e;
        this.stop();
      } else if (e instanceof CommitAbandoned) this.abandoned = true;
      else this.commitFailure ??= e;
    });
    this.commits.push(commit);
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
  }
}
