// Where the repartition stage starts: its checkpoint when it has one, else the consumer group's
// position on the source (an existing group is continued, a missing one is created at the start).

import type { RedisClient } from '../redis/command-connection.js';
import { fieldsOf } from '../redis/partition-position.js';
import { repartitionCheckpointKey } from '../redis/keys.js';

export interface RepartitionStart {
  /** Reading resumes after this entry ID. */
  readonly id: string;
  /** The group's entries-read at that ID, when known. */
  readonly entriesRead: number | undefined;
}

/** Makes sure the source is a stream (or absent) and the group exists; returns the position to resume after. */
export async function repartitionStart(redis: RedisClient, job: string, from: string, group: string): Promise<RepartitionStart> {
  const type = await redis.type(from);
  if (type !== 'stream' && type !== 'none') throw new Error(`--from "${from}" holds a ${type}, not a stream: name the stream producers write to`);
  const [id, read] = await redis.hmget(repartitionCheckpointKey(job, from), 'id', 'read');
  try {
    // A group destroyed while a checkpoint exists comes back at the checkpoint, so the lag is right.
    await redis.xgroup('CREATE', from, group, id ?? '0', 'MKSTREAM');
  } catch (e) {
    if (!(e as Error).message.startsWith('BUSYGROUP')) throw new Error(`cannot create consumer group "${group}" on "${from}": ${(e as Error).message}`);
  }
  if (id !== null && id !== undefined) return { id, entriesRead: read ? Number(read) : undefined };
  const groups = ((await redis.xinfo('GROUPS', from)) as unknown[][]).map(fieldsOf);
  const info = groups.find((g) => g.get('name') === group);
  if (!info) throw new Error(`consumer group "${group}" vanished from "${from}" during start-up`);
  const lastDelivered = String(info.get('last-delivered-id'));
  const entriesRead = info.get('entries-read');
  return { id: lastDelivered, entriesRead: typeof entriesRead === 'number' ? entriesRead : lastDelivered === '0-0' ? 0 : undefined };
}
