import type { ResolvedJob } from '../job/resolved-job.js';
import { checkpointKey } from '../redis/keys.js';
import type { ScriptedRedis } from '../redis/lua-scripts.js';
import { packRecords } from '../redis/lua-records.js';
import type { Fields } from './derived-records.js';

/** What one batch of one partition commits. */
export interface BatchCommit {
  /** Last entry ID of the batch; '' for a batch that read nothing (the end-of-input flush). */
  readonly lastId: string;
  /** The group's entries-read after this batch, when known. */
  readonly entriesRead: number | undefined;
  /** Window results, packed (see writeResults and RecordPacker). */
  readonly output: Buffer;
  readonly outputCount: number;
  readonly late: readonly Fields[];
  readonly deadLetter: readonly Fields[];
}

export type Committer = ScriptedRedis;

/** Another process committed to this partition since we read it: stand down. */
export class StaleCommit extends Error {
  override readonly name = 'StaleCommit';
}

/**
 * The one place a batch is committed: derived events written and the partition's position moved
 * past the batch in one Lua script (src/redis/lua/commit-5.lua), so a crash leaves all of it or none.
 * `seq` is the checkpoint's sequence number the batch was read under; the script refuses a commit
 * whose sequence has moved on, so a resent or stale commit never writes twice.
 */
export async function commitBatch(redis: Committer, job: ResolvedJob, partition: number, seq: number, batch: BatchCommit): Promise<void> {
  const stream = job.partitions[partition]!;
  const args = [
    stream,
    checkpointKey(job.name, stream),
    job.sinks.output,
    job.sinks.late,
    job.sinks.deadLetter,
    job.group,
    String(seq),
    batch.lastId,
    batch.entriesRead === undefined ? '' : String(batch.entriesRead),
    batch.output,
    packRecords(batch.late),
    packRecords(batch.deadLetter),
  ];
  let reply: [number] | [-1, number];
  try {
    reply = await redis.commit(...args);
  } catch (e) {
    const m = /EDDYSINK (\S+) (\S+)/.exec((e as Error).message);
    if (m) throw new Error(`sink key "${m[1]}" holds a ${m[2]}, not a stream: remove it or point the job's sinks elsewhere`);
    throw e;
  }
  if (reply[0] === -1) {
    throw new StaleCommit(`partition ${stream}: commit ${seq} refused, the checkpoint is at ${reply[1]}; another process owns this partition now`);
  }
}
