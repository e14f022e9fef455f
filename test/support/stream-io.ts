// Reading and writing streams of the test's own Redis, and the consumer-group facts tests assert.

import type { RedisClient } from '../../src/redis/command-connection.js';
import type { RawEntry } from '../../src/reference/resp-value.js';

/**
 * XADDs every entry in order (pipelined), returning the IDs Redis gave them. With `idOf`, entry i
 * gets that explicit ID instead of '*', so two runs over the same input have the same source IDs.
 */
export async function xaddAll(
  redis: RedisClient,
  stream: string,
  entries: readonly (readonly (string | Buffer)[])[],
  idOf?: (index: number) => string,
): Promise<string[]> {
  const ids: string[] = [];
  for (let at = 0; at < entries.length; at += 500) {
    const pipe = redis.pipeline();
    entries.slice(at, at + 500).forEach((fields, k) => pipe.xadd(stream, idOf ? idOf(at + k) : '*', ...fields));
    const replies = (await pipe.exec()) ?? [];
    for (const [err, id] of replies) {
      if (err) throw err;
      ids.push(id as string);
    }
  }
  return ids;
}

/** Every entry of a stream as raw bytes, in stream order (what the job's decoder sees). */
export async function readRaw(redis: RedisClient, stream: string): Promise<RawEntry[]> {
  const rows = (await redis.xrangeBuffer(stream, '-', '+')) as unknown as [Buffer, Buffer[]][];
  return rows.map(([id, flat]) => {
    const fields: [Buffer, Buffer][] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) fields.push([flat[i]!, flat[i + 1]!]);
    return { id: id.toString('latin1'), fields };
  });
}

/** Every entry of a stream as field lists (IDs dropped), in stream order; 'latin1' keeps binary values exact. */
export async function readFieldLists(redis: RedisClient, stream: string, encoding: BufferEncoding = 'utf8'): Promise<string[][]> {
  const rows = (await redis.xrangeBuffer(stream, '-', '+')) as unknown as [Buffer, Buffer[]][];
  return rows.map(([, fields]) => fields.map((f) => f.toString(encoding)));
}

/** XPENDING's count for a group on a stream. */
export async function pendingCount(redis: RedisClient, stream: string, group: string): Promise<number> {
  const reply = (await redis.xpending(stream, group)) as [number, ...unknown[]];
  return reply[0];
}

/** One XINFO GROUPS row, as a map. */
export async function groupInfo(redis: RedisClient, stream: string, group: string): Promise<Map<string, unknown> | undefined> {
  const rows = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  for (const row of rows) {
    const m = new Map<string, unknown>();
    for (let i = 0; i + 1 < row.length; i += 2) m.set(String(row[i]), row[i + 1]);
    if (m.get('name') === group) return m;
  }
  return undefined;
}

/** Polls until `check` returns a value other than undefined; throws with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What a job wrote to its three sinks, as field lists in stream order. */
export interface WrittenSinks {
  readonly output: string[][];
  readonly late: string[][];
  readonly deadLetter: string[][];
}

export async function readSinks(
  redis: RedisClient,
  sinks: { readonly output: string; readonly late: string; readonly deadLetter: string },
  encoding: BufferEncoding = 'utf8',
): Promise<WrittenSinks> {
  return {
    output: await readFieldLists(redis, sinks.output, encoding),
    late: await readFieldLists(redis, sinks.late, encoding),
    deadLetter: await readFieldLists(redis, sinks.deadLetter, encoding),
  };
}
