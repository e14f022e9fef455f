import type { RedisClient } from './command-connection.js';
import { readGroupPending, readGroupStart, type GroupPending } from './group-start.js';
import { checkpointKey, refusalMarksKey } from './keys.js';

/** Where a partition's processing stands: the last committed entry and commit sequence number. */
export interface PartitionPosition {
  /** Commit sequence number stored in the checkpoint (0 before the first commit). */
  readonly seq: number;
  /** Reading resumes after this entry ID. */
  readonly id: string;
  /** Entries the group has read in total (Redis' `entries-read`), when known; keeps XINFO lag exact. */
  readonly entriesRead: number | undefined;
  /** The replay position the stored session anchors belong to (readSessionAnchors), when there are some. */
  readonly anchorsAt?: string;
  /** The entry ID after which the stored detector snapshot was taken (readDetectorSnapshot), when there is one. */
  readonly detectorSnapshotAfter?: string;
  /** Entries whose processing kept failing, dead-lettered already: every run skips them (commit-7.lua ARGV[17]). */
  readonly poisoned?: readonly string[];
  /**
   * Refusal marks dropped since the job began (commit-7.lua keeps the newest 65,536 within a replay
   * span): a replay reaching back before the drop may refuse other entries than the first run did.
   */
  readonly refusalMarksLost?: number;
  /**
   * Entries the consumer group had delivered to other consumers and never acknowledged, when there
   * are any (group-start.ts). A first run starts before the oldest (see readPosition).
   */
  readonly othersPending?: GroupPending;
  /** A first run that started before the group's last-delivered ID to read pending entries: that ID. */
  readonly rewoundFrom?: string;
  /** Failed deliveries of the batch after `failedAfter` (partition-failure-2.lua), when there were any. */
  readonly failures?: { readonly count: number; readonly after: string };
  /** The clock and replay position of the last commit (absent before the first, or from a checkpoint older than them). */
  readonly clock?: {
    readonly replayAfter: string;
    readonly watermark: number;
    readonly maxEventTime: number;
    readonly replayWatermark: number;
    readonly replayMaxEventTime: number;
  };
}

/**
 * The committed position of a partition: the checkpoint when there is one, else the consumer
 * group's own last-delivered ID (where the group was created, or where another consumer left it).
 */
export async function readPosition(redis: RedisClient, job: string, group: string, stream: string, abandonedPendingMs = Infinity): Promise<PartitionPosition> {
  const [seq, id, read, replay, wm, maxev, rwm, rmax, dsnap, poisoned, failures, failedAfter, anchorsAt, refusedLost] = await redis.hmget(
    checkpointKey(job, stream), 'seq', 'id', 'read', 'replay', 'wm', 'maxev', 'rwm', 'rmax', 'dsnap', 'poisoned', 'failures', 'failedAfter', 'anchorsAt', 'refusedLost',
  );
  const faults = {
    ...(poisoned ? { poisoned: poisoned.split(' ').filter((p) => p !== '') } : {}),
    ...(failures && failedAfter !== null && failedAfter !== undefined ? { failures: { count: Number(failures), after: failedAfter } } : {}),
  };
  if (id !== null && id !== undefined) {
    const pending = await readGroupPending(redis, stream, group, abandonedPendingMs);
    const clock =
      replay && wm && maxev && rwm && rmax
        ? {
            clock: {
              replayAfter: replay,
              watermark: clockNumber(wm),
              maxEventTime: clockNumber(maxev),
              replayWatermark: clockNumber(rwm),
              replayMaxEventTime: clockNumber(rmax),
            },
          }
        : {};
    return { seq: Number(seq ?? 0), id, entriesRead: read ? Number(read) : undefined, ...clock, ...(dsnap ? { detectorSnapshotAfter: dsnap } : {}), ...(anchorsAt ? { anchorsAt } : {}), ...(refusedLost ? { refusalMarksLost: Number(refusedLost) } : {}), ...(pending ? { othersPending: pending } : {}), ...faults };
  }
  // The group's own position, or before the entries it holds pending for consumers gone
  // (DESIGN.md "Entries pending in the group").
  return { ...faults, seq: Number(seq ?? 0), ...(await readGroupStart(redis, stream, group, abandonedPendingMs)) };
}

function clockNumber(text: string): number {
  return text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
}

/** The partition's stored detector snapshot (see commit-7.lua, ARGV[15]), or null. */
export async function readDetectorSnapshot(redis: RedisClient, job: string, stream: string): Promise<Buffer | null> {
  return redis.hgetBuffer(checkpointKey(job, stream), 'detectors');
}

/** The partition's stored session anchors (commit-7.lua, ARGV[19]), or null. */
export async function readSessionAnchors(redis: RedisClient, job: string, stream: string): Promise<Buffer | null> {
  return redis.hgetBuffer(checkpointKey(job, stream), 'anchors');
}

/**
 * The entry IDs refused for a state limit since the checkpoint's replay position (commit-7.lua,
 * KEYS[7]): a successor refuses them again as it replays.
 */
export async function readRefusalMarks(redis: RedisClient, job: string, stream: string): Promise<Set<string>> {
  return new Set(await redis.lrange(refusalMarksKey(job, stream), 0, -1));
}
