import type { ResolvedJob } from '../job/resolved-job.js';
import { checkpointKey, leaseKey, refusalMarksKey, sinksOf } from '../redis/keys.js';
import type { ScriptedRedis } from '../redis/lua-scripts.js';
import { packRecords } from '../redis/lua-records.js';
import { SourceGone } from '../redis/source-check.js';
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
  /** The partition's clock and replay position after this batch: what a successor resumes from. */
  readonly clock: PartitionClock;
  /** Every key's detector state after the entry `after` (taken every detect.snapshotEvery), or none. */
  readonly detectorSnapshot?: { readonly bytes: Buffer; readonly after: string };
  /** The batch's last entry, dead-lettered because processing it kept failing: skipped by every later run (commit-7.lua ARGV[17]). */
  readonly poisoned?: string;
  /** Entries of the batch refused for a state limit, in ID order: refused again by a successor's replay (commit-7.lua ARGV[18]). */
  readonly refused?: readonly string[];
}

/** What a checkpoint keeps instead of the open windows themselves (DESIGN.md, "Recovery by replay"). */
export interface PartitionClock {
  /** Re-reading the input after this entry ID rebuilds every window open after the batch. */
  readonly replayAfter: string;
  readonly watermark: number;
  readonly maxEventTime: number;
  /** The clock at the replay position (a session job's successor replays from it). */
  readonly replayWatermark: number;
  readonly replayMaxEventTime: number;
  /** Session jobs, when the replay position moved: the sessions open there (session-anchors.ts), for commit-7.lua ARGV[19]. */
  readonly anchors?: Buffer;
}

/** ±Infinity as Lua and Number() both read it back. */
function clockText(x: number): string {
  return x === -Infinity ? '-inf' : x === Infinity ? 'inf' : String(x);
}

export type Committer = ScriptedRedis;

/**
 * `WAIT replicas timeoutMs` after every commit (`--wait-replicas`): the commit counts as done once
 * that many replicas have it, or the timeout passed (DESIGN.md, "Redis Cluster").
 */
export interface ReplicaWait {
  readonly replicas: number;
  readonly timeoutMs: number;
}

/** Who commits: the process's owner id and the fencing token it got with the partition's lease. */
export interface LeaseHold {
  readonly owner: string;
  readonly token: number;
}

/**
 * The commit was refused by fencing: the partition's lease is not ours any more, or someone acquired
 * it since our token was handed out. Nothing was written. Not a failure of the job: the partition
 * has moved, and this runner must stand down.
 */
export class FencedCommit extends Error {
  override readonly name = 'FencedCommit';
}

/**
 * The script refused the commit's sequence number: the checkpoint is at `checkpointSeq`, not at the
 * batch's. Under our own lease and token only our own commits move it, so a checkpoint past the
 * batch's seq means this very batch was applied by an earlier attempt whose reply was lost
 * (CommitRetry relies on this); one behind means an earlier batch is not committed yet.
 */
export class StaleCommit extends Error {
  override readonly name: string = 'StaleCommit';
  constructor(
    message: string,
    readonly checkpointSeq: number,
  ) {
    super(message);
  }
}

/**
 * The one place a batch is committed: derived events written and the partition's position moved
 * past the batch in one Lua script (src/redis/lua/commit-7.lua), so a crash leaves all of it or none.
 * The script first checks that `lease` still holds the partition (the lease key holds our owner id
 * and the checkpoint's fence equals our token), so a process that lost its lease — paused, cut off,
 * too slow to renew — writes nothing (FencedCommit). `seq` is the checkpoint's sequence number the
 * batch was read under; the script refuses a commit whose sequence has moved on, so a resent or
 * stale commit never writes twice.
 */
export async function commitBatch(redis: Committer, job: ResolvedJob, partition: number, lease: LeaseHold, seq: number, batch: BatchCommit, wait?: ReplicaWait): Promise<number | undefined> {
  const stream = job.partitions[partition]!;
  const sinks = sinksOf(job, partition);
  const args = [
    stream,
    checkpointKey(job.name, stream),
    sinks.output,
    sinks.late,
    sinks.deadLetter,
    leaseKey(job.name, stream),
    refusalMarksKey(job.name, stream),
    job.group,
    String(seq),
    batch.lastId,
    batch.entriesRead === undefined ? '' : String(batch.entriesRead),
    batch.output,
    packRecords(batch.late),
    packRecords(batch.deadLetter),
    lease.owner,
    String(lease.token),
    batch.clock.replayAfter,
    clockText(batch.clock.watermark),
    clockText(batch.clock.maxEventTime),
    clockText(batch.clock.replayWatermark),
    clockText(batch.clock.replayMaxEventTime),
    batch.detectorSnapshot?.bytes ?? '',
    batch.detectorSnapshot?.after ?? '',
    batch.poisoned ?? '',
    batch.refused?.join(' ') ?? '',
    batch.clock.anchors ?? '',
    batch.clock.anchors ? batch.clock.replayAfter : '',
  ];
  let reply: Awaited<ReturnType<Committer['commit']>>;
  let replicated: number | undefined;
  try {
    if (wait === undefined) reply = await redis.commit(...args);
    else [reply, replicated] = await commitAndWait(redis, args, wait);
  } catch (e) {
    const message = (e as Error).message;
    const m = /EDDYSINK (\S+) (\S+)/.exec(message);
    if (m) throw new Error(`sink key "${m[1]}" holds a ${m[2]}, not a stream: remove it or point the job's sinks elsewhere`);
    if (message.includes('EDDYNOSTREAM')) throw new SourceGone('stream', job.name, stream, job.group);
    if (message.includes('EDDYNOGROUP')) throw new SourceGone('group', job.name, stream, job.group);
    throw e;
  }
  if (reply.length === 3) {
    const holder = reply[2] === '' ? 'nobody (it expired)' : reply[2];
    throw new FencedCommit(`partition ${stream}: commit refused by fencing (token ${lease.token}, fence now ${reply[1]}, lease held by ${holder}); the partition is not ours any more`);
  }
  if (reply.length === 2) {
    throw new StaleCommit(`partition ${stream}: commit ${seq} refused, the checkpoint is at ${reply[1]}: Redis no longer has this run's earlier commits (a failover to a replica that had not received them, a restart without persistence, or from a cut AOF); the partition goes on from the checkpoint Redis kept`, reply[1]);
  }
  return replicated;
}

/**
 * The commit and a WAIT in one pipeline: ioredis sends a cluster pipeline to the node of its first
 * key, so WAIT counts the replicas of the master that applied the commit.
 */
async function commitAndWait(redis: Committer, args: (string | Buffer)[], wait: ReplicaWait): Promise<[Awaited<ReturnType<Committer['commit']>>, number]> {
  const pipeline = redis.pipeline() as ReturnType<Committer['pipeline']> & { commit(...a: (string | Buffer)[]): unknown };
  pipeline.commit(...args);
  pipeline.wait(wait.replicas, wait.timeoutMs);
  const [[commitError, reply], [waitError, replicas]] = ((await pipeline.exec()) ?? []) as [Error | null, unknown][] as [[Error | null, unknown], [Error | null, unknown]];
  if (commitError) throw commitError;
  if (waitError) throw waitError;
  return [reply as Awaited<ReturnType<Committer['commit']>>, replicas as number];
}
