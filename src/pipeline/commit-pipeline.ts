import type { ResolvedJob } from '../job/resolved-job.js';
import { Counter, observeLatency } from '../pool/worker-protocol.js';
import { FencedCommit, type BatchCommit, type PartitionClock } from './batch-commit.js';
import { CommitAbandoned, type CommitRetry } from './commit-retry.js';

/** Commits allowed in flight while the next batch is processed (they run in order on one connection). */
const MAX_COMMITS_IN_FLIGHT = 2;

/**
 * One partition's commits. Each batch's commit is sent while the next batch is processed, at most
 * MAX_COMMITS_IN_FLIGHT at a time, applied in order (an attempt waits for the one before it). How
 * they ended is kept for the read loop, which looks between batches: fenced (the partition is
 * someone else's; `onFenced` stops the reader at once, so a blocked read does not hold the
 * stand-down up), abandoned (still undecided when the run stopped), or failed.
 */
export class CommitPipeline {
  private readonly inFlight: Promise<void>[] = [];
  /** The next commit's sequence number; the checkpoint keeps the last, so a retried attempt is recognised. */
  private seq = 0;
  /** The last entry ID handed to a commit (or read from the checkpoint). */
  committedId = '0-0';
  /** The clock that went with it. */
  committedClock: PartitionClock | undefined;
  /** A commit was refused by fencing. */
  fenced: FencedCommit | undefined;
  /** A commit was still undecided when the run stopped (it may or may not have been applied). */
  abandoned = false;
  /** The first commit error that is neither. */
  failure: unknown;

  constructor(
    private readonly retry: CommitRetry,
    private readonly job: ResolvedJob,
    private readonly counters: Float64Array,
    private readonly onFenced: () => void,
  ) {}

  /** Where a run starts: the checkpoint's seq, entry ID and clock. */
  resume(seq: number, id: string, clock: PartitionClock | undefined): void {
    this.seq = seq;
    this.committedId = id;
    this.committedClock = clock;
  }

  /** Sends the batch's commit, first waiting while MAX_COMMITS_IN_FLIGHT are in flight. */
  async enqueue(batch: BatchCommit, received: number): Promise<void> {
    while (this.inFlight.length >= MAX_COMMITS_IN_FLIGHT) await this.inFlight.shift();
    if (batch.lastId !== '') this.committedId = batch.lastId;
    this.committedClock = batch.clock;
    const { counters, job } = this;
    const started = performance.now();
    const commit = this.retry.commit(this.seq++, batch, this.inFlight.at(-1)).then(() => {
      const now = performance.now();
      counters[Counter.commitMsTotal]! += now - started;
      observeLatency(counters, now - received, job.latencyBudgetMs);
    });
    // Seen by the read loop before the next batch; the promise itself is awaited in order above.
    commit.catch((e: unknown) => {
      if (e instanceof FencedCommit) {
        this.fenced ??= e;
        this.onFenced();
      } else if (e instanceof CommitAbandoned) this.abandoned = true;
      else this.failure ??= e;
    });
    this.inFlight.push(commit);
  }

  /**
   * Commits one batch and waits for it, with nothing else in flight (a poisoned entry's dead
   * letter). False when fencing refused it or it was abandoned; other errors are thrown.
   */
  async commitAlone(batch: BatchCommit): Promise<boolean> {
    try {
      await this.retry.commit(this.seq++, batch, undefined);
      return true;
    } catch (e) {
      if (e instanceof FencedCommit) this.fenced ??= e;
      else if (e instanceof CommitAbandoned) this.abandoned = true;
      else throw e;
      return false;
    }
  }

  /** Waits until every commit in flight has settled (never throws), and forgets them. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    this.inFlight.length = 0;
  }
}
