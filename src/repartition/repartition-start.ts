// Where the repartition stage starts: its checkpoint when it has one, else the consumer group's
// position on the source (an existing group is continued, a missing one is created at the start) —
// before the entries the group holds pending for consumers gone, as a partition's first run does
// (src/redis/group-start.ts).

import type { RedisClient } from '../redis/command-connection.js';
import { readGroupPending, readGroupStart, type GroupStart } from '../redis/group-start.js';
import { repartitionCheckpointKey } from '../redis/keys.js';
import type { PendingStart } from '../pipeline/others-pending.js';

export type RepartitionStart = GroupStart & PendingStart;

/** Makes sure the source is a stream (or absent) and the group exists; returns the position to resume after. */
export async function repartitionStart(redis: RedisClient, job: string, from: string, group: string, abandonedPendingMs: number): Promise<RepartitionStart> {
  const type = await redis.type(from);
  if (type !== 'stream' && type !== 'none') throw new Error(`--from "${from}" holds a ${type}, not a stream: name the stream producers write to`);
  const [id, read] = await redis.hmget(repartitionCheckpointKey(job, from), 'id', 'read');
  try {
    // A group destroyed while a checkpoint exists comes back at the checkpoint, so the lag is right.
    await redis.xgroup('CREATE', from, group, id ?? '0', 'MKSTREAM');
  } catch (e) {
    if (!(e as Error).message.startsWith('BUSYGROUP')) throw new Error(`cannot create consumer group "${group}" on "${from}": ${(e as Error).message}`);
  }
  if (id === null || id === undefined) return { ...(await readGroupStart(redis, from, group, abandonedPendingMs)), firstRun: true };
  // A run that copied pending entries and stopped before acknowledging them: they are acknowledged now (OthersPending).
  const pending = await readGroupPending(redis, from, group, abandonedPendingMs);
  return { id, entriesRead: read ? Number(read) : undefined, firstRun: false, ...(pending ? { othersPending: pending } : {}) };
}
