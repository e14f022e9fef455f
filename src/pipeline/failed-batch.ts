import type { ResolvedJob } from '../job/resolved-job.js';
import { compareEntryIds } from '../redis/entry-id.js';
import { checkpointKey, leaseKey } from '../redis/keys.js';
import { packRecords } from '../redis/lua-records.js';
import { Counter } from '../pool/worker-protocol.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { FencedCommit, type BatchCommit, type Committer, type LeaseHold } from './batch-commit.js';
import type { CommitPipeline } from './commit-pipeline.js';
import { deadLetterRecord, type Fields } from './derived-records.js';

// A batch whose processing throws is delivered again, from the checkpoint. After the job's
// `maxDeliveries` failures after the same committed position, the entries after it are processed one
// at a time to find the poisoned one (DESIGN.md, "Faults"); twice as many failures there (isolation
// did not pin one entry) fail the partition.

/** The dead-letter reason of an entry whose processing kept failing. */
export const PROCESSING_FAILED = 'processing-failed';

/** Processing a batch threw (a JavaScript exception or a WASM trap): the partition restarts from its checkpoint. */
export class BatchFailed extends Error {
  override readonly name = 'BatchFailed';
  constructor(
    readonly failure: unknown,
    /** Isolating: the one new entry of the batch, to dead-letter. */
    readonly poison: { readonly id: string; readonly record: Fields; readonly entriesRead: number | undefined } | undefined,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/**
 * Processing the current reply threw. Isolating (reading one entry at a time) with one new entry in
 * the reply, that entry is the poisoned one: settleFailedBatch() dead-letters it. `entriesRead`
 * counts the reply's entries already.
 */
export function failedBatch(e: unknown, kernel: PartitionKernel, isolating: boolean, committedId: string, entriesRead: number | undefined): BatchFailed {
  if (!isolating || kernel.wasm.entryIdsLength() === 0) return new BatchFailed(e, undefined);
  const ids = kernel.entryIds().toString('latin1').split(' ').filter((id) => id !== '');
  if (ids.length !== 1 || compareEntryIds(ids[0]!, committedId) <= 0) return new BatchFailed(e, undefined);
  const detail = e instanceof Error ? e.message : String(e);
  return new BatchFailed(e, { id: ids[0]!, record: deadLetterRecord(kernel.entry(0), PROCESSING_FAILED, detail), entriesRead });
}

export interface FailedBatchContext {
  readonly job: ResolvedJob;
  readonly committer: Committer;
  readonly lease: LeaseHold;
  readonly counters: Float64Array;
  readonly stream: string;
  readonly commits: CommitPipeline;
  readonly stopping: () => boolean;
}

/**
 * Settles a failed batch once the commits before it have finished: either the poisoned entry found
 * by isolation is dead-lettered (committed, with the position moved past it and its ID added to the
 * checkpoint's poisoned list), or the failed delivery is counted in the checkpoint
 * (partition-failure-2.lua) — from job.maxDeliveries failures after the same position on, the next
 * run isolates. True when the partition is to restart from its checkpoint; false when the run is
 * to end instead (stopped, fenced, a commit abandoned).
 */
export async function settleFailedBatch(c: FailedBatchContext, f: BatchFailed): Promise<boolean> {
  const { job, committer, lease, counters, commits } = c;
  await commits.settle();
  if (commits.fenced !== undefined || commits.abandoned || c.stopping()) return false;
  if (commits.failure !== undefined) throw commits.failure;
  if (f.poison !== undefined) {
    const id = commits.committedId;
    // The poisoned entry changes no window: the clock and replay position stay the last commit's.
    const clock = commits.committedClock ?? { replayAfter: id, watermark: -Infinity, maxEventTime: -Infinity, replayWatermark: -Infinity, replayMaxEventTime: -Infinity };
    const batch: BatchCommit = {
      lastId: f.poison.id,
      entriesRead: f.poison.entriesRead,
      output: packRecords([]),
      outputCount: 0,
      late: [],
      deadLetter: [f.poison.record],
      clock,
      poisoned: f.poison.id,
    };
    if (!(await commits.commitAlone(batch))) return false;
    counters[Counter.entries]! += 1;
    counters[Counter.deadLetters]! += 1;
    counters[Counter.batches]! += 1;
    return true;
  }
  const failures = await committer.partitionFailure(checkpointKey(job.name, c.stream), leaseKey(job.name, c.stream), lease.owner, lease.token, commits.committedId);
  if (failures < 0) {
    commits.fenced ??= new FencedCommit(`partition ${c.stream}: counting a failed batch refused by fencing (token ${lease.token}); the partition is not ours any more`);
    return false;
  }
  if (failures >= 2 * job.maxDeliveries) {
    throw new Error(`partition ${c.stream}: processing the entries after ${commits.committedId} failed ${failures} times, and reading them one at a time did not single out one entry: ${f.message}`, { cause: f.failure });
  }
  await new Promise((r) => setTimeout(r, Math.min(1000, 100 * failures)));
  return !c.stopping();
}
