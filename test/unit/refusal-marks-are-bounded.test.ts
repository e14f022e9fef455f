// The refusal marks a commit keeps for a successor's replay (commit-7.lua, KEYS[7]) are bounded: the
// newest 65,536 after the replay position stay, the oldest beyond them are dropped and counted in
// the checkpoint's `refusedLost`, which readPosition reports (eddy run warns with it at start).
// Marks at or before a later commit's replay position are dropped without being counted: replay
// never reaches them.

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { commitBatch, type BatchCommit } from '../../src/pipeline/batch-commit.js';
import { commandConnection } from '../../src/redis/command-connection.js';
import { refusalMarksKey } from '../../src/redis/keys.js';
import { RecordPacker } from '../../src/redis/lua-records.js';
import type { ScriptedRedis } from '../../src/redis/lua-scripts.js';
import { PartitionLeases } from '../../src/redis/partition-leases.js';
import { readPosition, readRefusalMarks } from '../../src/redis/partition-position.js';
import { parseRedisUrl } from '../../src/redis/redis-url.js';
import { useRedisServer } from '../support/redis-server.js';
import { sensorJob } from '../support/test-jobs.js';

const server = useRedisServer();
const job = sensorJob();
const stream = job.partitions[0]!;
const lease = { owner: 'a', token: 1 };
const MAX_MARKS = 65_536;
let redis: ScriptedRedis;

beforeAll(() => {
  redis = commandConnection(parseRedisUrl(server.url), 'refusal-marks-test');
});
afterAll(() => redis.disconnect());

beforeEach(async () => {
  await server.reset();
  await server.redis.xadd(stream, '1000-0', 'sensor', 'a', 'value', '1', 'ts', '1000');
  await server.redis.xadd(stream, '2000000-0', 'sensor', 'a', 'value', '1', 'ts', '2000000');
  await server.redis.xgroup('CREATE', stream, job.group, '0');
  expect(await new PartitionLeases(redis, job.name, job.partitions, 'a', 10_000).acquire(0)).toEqual({ acquired: true, token: 1 });
});

/** A batch read up to `lastId`, replaying from `replayAfter`, that refused `refused`. */
function batch(lastId: string, entriesRead: number, replayAfter: string, refused: string[]): BatchCommit {
  return {
    lastId,
    entriesRead,
    clock: { replayAfter, watermark: 0, maxEventTime: 0, replayWatermark: 0, replayMaxEventTime: 0 },
    output: new RecordPacker(0).finish(),
    outputCount: 0,
    late: [],
    deadLetter: [],
    refused,
  };
}

/** n entry IDs after the replay position, in ID order. */
const ids = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `1500-${from + i}`);

it('keeps the newest 65,536 marks after the replay position and counts the dropped ones', async () => {
  await commitBatch(redis, job, 0, lease, 0, batch('1000-0', 1, '0-0', ids(0, 40_000)));
  expect(await server.redis.llen(refusalMarksKey(job.name, stream))).toBe(40_000);
  expect((await readPosition(redis, job.name, job.group, stream)).refusalMarksLost).toBeUndefined();

  await commitBatch(redis, job, 0, lease, 1, batch('2000000-0', 2, '0-0', ids(40_000, 30_000)));
  const marks = await readRefusalMarks(redis, job.name, stream);
  expect(marks.size).toBe(MAX_MARKS);
  // The oldest went: the first kept is the 4,464th refused.
  expect(marks.has('1500-4463')).toBe(false);
  expect(marks.has('1500-4464')).toBe(true);
  expect(marks.has('1500-69999')).toBe(true);
  expect((await readPosition(redis, job.name, job.group, stream)).refusalMarksLost).toBe(70_000 - MAX_MARKS);
});

it('drops marks at or before a new replay position without counting them', async () => {
  await commitBatch(redis, job, 0, lease, 0, batch('1000-0', 1, '0-0', ids(0, 1000)));
  // The replay position moved past every mark: replay can never reach them again.
  await commitBatch(redis, job, 0, lease, 1, batch('2000000-0', 2, '1500-999', []));
  expect(await server.redis.exists(refusalMarksKey(job.name, stream))).toBe(0);
  expect((await readPosition(redis, job.name, job.group, stream)).refusalMarksLost).toBeUndefined();
});
