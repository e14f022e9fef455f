import type { RedisClient } from './command-connection.js';
import { entryIdBefore, compareEntryIds } from './entry-id.js';
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
   * Entries the consumer group had delivered to other consumers (not eddy: it reads by position and
   * leaves none pending) and never acknowledged, when there are any: how many, the oldest and newest
   * ID, and the consumers holding them. A first run starts before the oldest (see readPosition).
   */
  readonly othersPending?: {
    readonly count: number;
    readonly first: string;
    readonly last: string;
    readonly consumers: readonly string[];
    /** Consumers holding some of them that were active within `abandonedPendingMs`: their entries are theirs. */
    readonly live: readonly { readonly name: string; readonly idleMs: number }[];
  };
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
    const pending = await othersPending(redis, stream, group, abandonedPendingMs);
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
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const info = groups.map(fieldsOf).find((g) => g.get('name') === group);
  if (!info) throw new Error(`consumer group "${group}" does not exist on "${stream}"; it is created at start-up, so it was destroyed since`);
  const lastDelivered = String(info.get('last-delivered-id'));
  const entriesRead = info.get('entries-read');
  const pending = await othersPending(redis, stream, group, abandonedPendingMs);
  // The group's own position would skip what it delivered and nobody acknowledged: when the consumers
  // holding those entries are gone, a first run starts before the oldest of them instead (the
  // acknowledged ones after it are read too: eddy never read them; DESIGN.md "Entries pending in the
  // group"). Entries of a consumer still active are its own.
  if (pending !== undefined && pending.live.length === 0 && compareEntryIds(pending.first, lastDelivered) <= 0) {
    return { ...faults, seq: Number(seq ?? 0), id: entryIdBefore(pending.first), entriesRead: undefined, othersPending: pending, rewoundFrom: lastDelivered };
  }
  return {
    ...faults,
    seq: Number(seq ?? 0),
    id: lastDelivered,
    entriesRead: typeof entriesRead === 'number' ? entriesRead : lastDelivered === '0-0' ? 0 : undefined,
    ...(pending ? { othersPending: pending } : {}),
  };
}

/** XPENDING's summary of the group on the stream, and which holders are still active; undefined when nothing is pending. */
async function othersPending(redis: RedisClient, stream: string, group: string, abandonedMs: number): Promise<PartitionPosition['othersPending']> {
  const [count, first, last, holders] = (await redis.xpending(stream, group)) as [number, string | null, string | null, [string, string][] | null];
  if (!count || first === null || last === null) return undefined;
  const consumers = (holders ?? []).map(([name]) => name);
  const live = ((await redis.xinfo('CONSUMERS', stream, group)) as unknown[][])
    .map(fieldsOf)
    .filter((c) => consumers.includes(String(c.get('name'))) && Number(c.get('idle')) < abandonedMs)
    .map((c) => ({ name: String(c.get('name')), idleMs: Number(c.get('idle')) }));
  return { count, first, last, consumers, live };
}

function clockNumber(text: string): number {
  return text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
}

export function fieldsOf(flat: unknown[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) m.set(String(flat[i]), flat[i + 1]);
  return m;
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
