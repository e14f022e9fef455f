// Where a reader with no checkpoint of its own starts in a consumer group someone else may have
// used: the group's last-delivered ID — or, when entries delivered there were never acknowledged
// and every consumer holding them is gone, just before the oldest of them, so they are not skipped
// (DESIGN.md "Entries pending in the group"). Shared by a partition's first run (readPosition) and
// the repartition stage's (repartitionStart); what becomes of those entries afterwards is
// src/pipeline/others-pending.ts.

import type { RedisClient } from './command-connection.js';
import { compareEntryIds, entryIdBefore } from './entry-id.js';
import { fieldsOf } from './reply-fields.js';

/**
 * Entries the consumer group delivered to other consumers (not eddy: it reads by position and
 * leaves none pending) and never acknowledged: how many, the oldest and newest ID, and the
 * consumers holding them.
 */
export interface GroupPending {
  readonly count: number;
  readonly first: string;
  readonly last: string;
  readonly consumers: readonly string[];
  /** Consumers holding some of them that were active within `abandonedPendingMs`: their entries are theirs. */
  readonly live: readonly { readonly name: string; readonly idleMs: number }[];
}

/** A start decided by the group alone. */
export interface GroupStart {
  /** Reading resumes after this entry ID. */
  readonly id: string;
  /** The group's entries-read at `id`, when known (never after a rewind: Redis counts it again at the stream's end). */
  readonly entriesRead: number | undefined;
  /** What is pending in the group, when anything is. */
  readonly othersPending?: GroupPending;
  /** The start was moved back before pending entries: the group's last-delivered ID it would have been. */
  readonly rewoundFrom?: string;
}

/** The start in `group` on `stream` for a reader without a checkpoint; the group must exist. */
export async function readGroupStart(redis: RedisClient, stream: string, group: string, abandonedPendingMs: number): Promise<GroupStart> {
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const info = groups.map(fieldsOf).find((g) => g.get('name') === group);
  if (!info) throw new Error(`consumer group "${group}" does not exist on "${stream}"; it is created at start-up, so it was destroyed since`);
  const lastDelivered = String(info.get('last-delivered-id'));
  const entriesRead = info.get('entries-read');
  const pending = await readGroupPending(redis, stream, group, abandonedPendingMs);
  // The group's own position would skip what it delivered and nobody acknowledged: when the consumers
  // holding those entries are gone, start before the oldest of them instead (the acknowledged ones
  // after it are read too: this reader never read them). Entries of a consumer still active are its own.
  if (pending !== undefined && pending.live.length === 0 && compareEntryIds(pending.first, lastDelivered) <= 0) {
    return { id: entryIdBefore(pending.first), entriesRead: undefined, othersPending: pending, rewoundFrom: lastDelivered };
  }
  return {
    id: lastDelivered,
    entriesRead: typeof entriesRead === 'number' ? entriesRead : lastDelivered === '0-0' ? 0 : undefined,
    ...(pending ? { othersPending: pending } : {}),
  };
}

/** XPENDING's summary of the group on the stream, and which holders are still active; undefined when nothing is pending. */
export async function readGroupPending(redis: RedisClient, stream: string, group: string, abandonedPendingMs: number): Promise<GroupPending | undefined> {
  const [count, first, last, holders] = (await redis.xpending(stream, group)) as [number, string | null, string | null, [string, string][] | null];
  if (!count || first === null || last === null) return undefined;
  const consumers = (holders ?? []).map(([name]) => name);
  const live = ((await redis.xinfo('CONSUMERS', stream, group)) as unknown[][])
    .map(fieldsOf)
    .filter((c) => consumers.includes(String(c.get('name'))) && Number(c.get('idle')) < abandonedPendingMs)
    .map((c) => ({ name: String(c.get('name')), idleMs: Number(c.get('idle')) }));
  return { count, first, last, consumers, live };
}
