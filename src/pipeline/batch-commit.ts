import type { ResolvedJob } from '../job/resolved-job.js';
import type { ScriptedRedis } from '../redis/lua-scripts.js';
import type { Fields } from './derived-records.js';

/** What one batch of one partition commits. */
export interface BatchCommit {
  /** Every entry ID of the batch, space-separated (see assembly/batch-columns.ts). */
  readonly ackIds: Buffer;
  readonly output: readonly Fields[];
  readonly late: readonly Fields[];
  readonly deadLetter: readonly Fields[];
  /** Entries deleted from the stream while pending: acknowledged, nothing left to route. */
  readonly deleted: number;
}

export type Committer = ScriptedRedis;

/**
 * The one place a batch is committed: derived events written and entries acknowledged in one Lua
 * script (src/redis/lua/commit-4.lua), so a crash leaves either all of it or none.
 */
export async function commitBatch(redis: Committer, job: ResolvedJob, partition: number, batch: BatchCommit): Promise<void> {
  const args: (string | Buffer)[] = [
    job.partitions[partition]!,
    job.sinks.output,
    job.sinks.late,
    job.sinks.deadLetter,
    job.group,
    batch.ackIds,
    String(batch.output.length),
    String(batch.late.length),
    String(batch.deadLetter.length),
  ];
  for (const records of [batch.output, batch.late, batch.deadLetter]) {
    for (const r of records) {
      args.push(String(r.length >> 1));
      for (const f of r) args.push(f);
    }
  }
  await redis.commit(...args);
}
