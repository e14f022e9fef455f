import type { ResolvedJob } from '../job/resolved-job.js';
import { commitBatch, StaleCommit, type BatchCommit, type Committer, type LeaseHold, type ReplicaWait } from './batch-commit.js';

/** What holds a commit up. */
export type CommitTrouble =
  /** The connection was lost or Redis cannot be reached: the attempt may or may not have been applied. */
  | 'connection'
  /** Redis is at maxmemory (OOM): the script was refused whole, before any write. */
  | 'out-of-memory'
  /** Redis is loading its data set, or busy running another script: nothing was run. */
  | 'unavailable'
  /** Applied, but fewer replicas than --wait-replicas acknowledged it within the timeout: a failover now could lose it. */
  | 'unreplicated';

/**
 * For the operator: a commit is held up (`trouble`), went through after being held up
 * ('resolved'), or found that Redis lost commits it had acknowledged ('lost-writes': the partition
 * restarts from the checkpoint Redis kept).
 */
export interface CommitNotice {
  readonly cause: CommitTrouble | 'resolved' | 'lost-writes';
  /** Attempts so far for this commit. */
  readonly attempts: number;
  /** The last error, or for 'resolved' how it was resolved. */
  readonly detail: string;
}

/**
 * The commit could not be decided before the partition was told to stop: it may or may not have
 * been applied, and the partition's next owner reads whichever checkpoint Redis holds.
 */
export class CommitAbandoned extends Error {
  override readonly name = 'CommitAbandoned';
}

/**
 * The checkpoint is behind this run's own acknowledged commits, and none of its commits is still
 * pending: Redis lost writes it had acknowledged — a failover to a replica that had not received
 * them (asynchronous replication), or a restart without them (no persistence, `appendfsync
 * everysec`, a cut AOF). The outputs of those commits went with them (one MULTI/EXEC block in the
 * AOF and the replication stream), so the partition restarts from the checkpoint Redis kept and
 * derives them again.
 */
export class CheckpointBehind extends StaleCommit {
  override readonly name = 'CheckpointBehind';
}

export interface CommitRetryOptions {
  readonly committer: Committer;
  readonly job: ResolvedJob;
  readonly partition: number;
  readonly lease: LeaseHold;
  /** True once the partition is stopping: an undecided commit is then abandoned, not retried. */
  readonly stopping: () => boolean;
  readonly notify: (n: CommitNotice) => void;
  /** WAIT for this many replicas after each commit (`--wait-replicas`). @default none */
  readonly wait?: ReplicaWait;
  /** First wait after a failed attempt, doubled per attempt up to maxDelayMs. @default 100 */
  readonly firstDelayMs?: number;
  /** @default 2000 */
  readonly maxDelayMs?: number;
  /** While a commit keeps failing, at most one notice per this many ms (the first one at once). @default 10000 */
  readonly noticeEveryMs?: number;
}

/**
 * Commits a partition's batches through connection losses, restarts and refusals that pass (OOM,
 * LOADING, BUSY), without ever writing a batch twice. A failed attempt is retried with backoff,
 * with the same sequence number and token; the script decides what the attempt did:
 *
 * - applied: a commit whose reply was lost may have been applied. The retry is then refused with
 *   the checkpoint's seq past ours (StaleCommit): under our own lease and token nobody else moves
 *   it, so our batch is in — done, not written again.
 * - not applied: the retry applies it.
 * - refused by fencing: the lease expired meanwhile (FencedCommit, as ever: stand down).
 *
 * Batches commit in seq order, so a retry first waits for the previous commit to be decided (if it
 * failed, this one fails with it). Retrying goes on for as long as the partition runs: an operator
 * fixes maxmemory or Redis comes back, and the job carries on; the lease manager stops a partition
 * whose lease could not be renewed, and a stopping partition abandons what is still undecided.
 */
export class CommitRetry {
  private troubleSince: number | undefined;
  /** Commits of this partition waiting for their next attempt. */
  private retrying = 0;
  private lastNoticeAt = -Infinity;
  /** A trouble notice went out since commits last went through. */
  private noticed = false;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly noticeEveryMs: number;

  constructor(private readonly o: CommitRetryOptions) {
    this.firstDelayMs = o.firstDelayMs ?? 100;
    this.maxDelayMs = o.maxDelayMs ?? 2000;
    this.noticeEveryMs = o.noticeEveryMs ?? 10_000;
  }

  /** Commits `batch` under `seq` once `previous` (the commit before it, if still pending) is in. */
  async commit(seq: number, batch: BatchCommit, previous: Promise<unknown> | undefined): Promise<void> {
    const { committer, job, partition, lease } = this.o;
    // While an earlier commit waits to be retried, this one would overtake it on the connection and
    // be refused as out of order — and then, retried a backoff later, hold up the next one the same
    // way: send it after the earlier one is in.
    if (this.retrying > 0 && previous) {
      await previous;
      previous = undefined;
    }
    let attempts = 0;
    let delay = this.firstDelayMs;
    let retrying = false;
    try {
      for (;;) {
        attempts++;
        try {
          const replicated = await commitBatch(committer, job, partition, lease, seq, batch, this.o.wait);
          if (replicated !== undefined && replicated < this.o.wait!.replicas) {
            // Applied: nothing to retry, but the operator should know that a failover could lose it.
            this.troubled('unreplicated', attempts, `WAIT ${this.o.wait!.replicas}: ${replicated} replica(s) acknowledged within ${this.o.wait!.timeoutMs} ms`);
            return;
          }
          this.resolved(attempts, 'committed');
          return;
        } catch (e) {
          if (e instanceof StaleCommit && e.checkpointSeq > seq) {
            this.resolved(attempts, 'an earlier attempt had been applied (its reply was lost); not written again', true);
            return;
          }
          // A checkpoint behind us: the previous commit is not in yet. Retry once it is (rethrowing
          // what ended it, if it failed: this one goes with it).
          if (e instanceof StaleCommit && previous) {
            await previous;
            previous = undefined;
            continue;
          }
          if (e instanceof StaleCommit) throw new CheckpointBehind(e.message, e.checkpointSeq);
          const trouble = commitTrouble(e);
          if (trouble === undefined) throw e;
          if (this.o.stopping()) throw new CommitAbandoned(`partition ${job.partitions[partition]}: stopped with commit ${seq} undecided (${(e as Error).message})`);
          this.troubled(trouble, attempts, (e as Error).message);
        }
        if (!retrying) {
          retrying = true;
          this.retrying++;
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.maxDelayMs);
        await previous;
        previous = undefined;
      }
    } finally {
      if (retrying) this.retrying--;
    }
  }

  private troubled(cause: CommitTrouble, attempts: number, detail: string): void {
    const now = performance.now();
    this.troubleSince ??= now;
    // At most one notice per noticeEveryMs, even when Redis flaps around maxmemory.
    if (now - this.lastNoticeAt < this.noticeEveryMs) return;
    this.lastNoticeAt = now;
    this.noticed = true;
    this.o.notify({ cause, attempts, detail });
  }

  /** Tells that commits go through again, when the trouble was told (or `always`). */
  private resolved(attempts: number, how: string, always = false): void {
    const since = this.troubleSince;
    const told = this.noticed;
    this.troubleSince = undefined;
    this.noticed = false;
    if (!told && !always) return;
    const forMs = since === undefined ? 0 : Math.round(performance.now() - since);
    this.o.notify({ cause: 'resolved', attempts, detail: `${how} after ${attempts} attempt(s), ${forMs} ms` });
  }
}

/** Whether an error from a commit attempt passes with time (retry), and why; undefined: it does not. */
export function commitTrouble(e: unknown): CommitTrouble | undefined {
  if (!(e instanceof Error)) return undefined;
  const m = e.message;
  if (m.startsWith('OOM ')) return 'out-of-memory';
  // CLUSTERDOWN: a cluster failing over (a slot without a master); READONLY: sent to a node that was
  // demoted to replica before the client learnt it. NOSCRIPT: nothing ran — ioredis marks a socket as
  // having the script when it sends EVAL, also when that EVAL is refused (CLUSTERDOWN, MOVED during a
  // failover), so its next EVALSHA there fails; after a NOSCRIPT the socket is unmarked and the retry
  // sends EVAL.
  if (/^(LOADING|BUSY|TRYAGAIN|MASTERDOWN|CLUSTERDOWN|READONLY|NOSCRIPT) /.test(m)) return 'unavailable';
  // ioredis: the connection closed with the command in flight, or it could not be sent in time; on
  // a cluster, its retries through a failover ran out, or it could not reach any node.
  if (e.name === 'MaxRetriesPerRequestError' || m === 'Connection is closed.') return 'connection';
  if (/^(Too many Cluster redirections|Failed to refresh slots cache|None of startup nodes is available|Cluster isn't ready)/.test(m)) return 'connection';
  if (e.name === 'ClusterAllFailedError') return 'connection';
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== undefined && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN'].includes(code)) return 'connection';
  return undefined;
}
