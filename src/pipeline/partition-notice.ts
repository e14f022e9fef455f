import type { CommitNotice } from './commit-retry.js';

/**
 * What a partition learnt about where it reads from, for the log: state-limit refusal marks
 * dropped (replay may not be exact), entries other consumers left pending read from the oldest,
 * left to their active consumers, or acknowledged once read past (others-pending.ts), or a
 * detector snapshot it could not restore, so the detector starts afresh (partition-recovery.ts).
 */
export interface PositionNotice {
  readonly cause: 'marks-lost' | 'pending-rewound' | 'pending-left' | 'pending-retired' | 'detector-afresh';
  readonly detail: string;
}

/** Everything a partition tells its process's log besides its counters. */
export type PartitionNotice = CommitNotice | PositionNotice;
