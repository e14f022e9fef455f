// What the lease manager reports: the events it logs, how it ended, and its counters.

/** Why a partition was lost rather than given up. */
export type LossReason =
  /** A renewal found the lease held by another process. */
  | 'taken'
  /** A renewal found the lease expired and free: this process was too late to renew it. */
  | 'expired'
  /** A commit was refused by fencing before a renewal noticed. */
  | 'fenced'
  /** Renewals failed (Redis unreachable) until the lease could expire before the next attempt. */
  | 'unrenewable';

/** Why a lease was given up: above the fair share, stopping, drained, after a partition error, or after a loss it turned out to be ours still. */
export type ReleaseWhy = 'share' | 'stop' | 'drained' | 'error' | 'lost';

/** What the lease manager did, for logs and tests. */
export type LeaseEvent =
  | { readonly type: 'acquired'; readonly partition: number; readonly token: number }
  | { readonly type: 'released'; readonly partition: number; readonly why: ReleaseWhy }
  | { readonly type: 'lost'; readonly partition: number; readonly reason: LossReason; readonly holder?: string; readonly detail?: string }
  | { readonly type: 'share'; readonly members: number; readonly share: number }
  | { readonly type: 'redis-error'; readonly during: string; readonly detail: string }
  | { readonly type: 'undrained'; readonly partitions: readonly { readonly partition: number; readonly holder: string | undefined }[] };

/** How the lease manager ended. */
export interface LeaseOutcome {
  /** The first partition error (the job fails with it). */
  readonly failure: string | undefined;
  /** Draining: partitions that other processes held until the wait ran out (not drained). */
  readonly undrained: readonly number[];
}

/** Counters for the progress line and the summary. */
export interface LeaseStats {
  readonly owner: string;
  /** Partitions this process runs now, ascending. */
  readonly held: readonly number[];
  readonly acquired: number;
  readonly lost: number;
}
