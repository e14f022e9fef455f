// The commit script writes only for the current holder of the partition's lease with the current
// fencing token; anything else is refused before the first write (FencedCommit), whatever the
// sequence number says. Against a real redis-server.

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { commitBatch, FencedCommit, type BatchCommit } from '../../src/pipeline/batch-commit.js';
import { commandConnection } from '../../src/redis/command-connection.js';
import { checkpointKey, leaseKey } from '../../src/redis/keys.js';
import { RecordPacker } from '../../src/redis/lua-records.js';
import type { ScriptedRedis } from '../../src/redis/lua-scripts.js';
import { PartitionLeases } from '../../src/redis/partition-leases.js';
import { parseRedisUrl } from '../../src/redis/redis-url.js';
import { useRedisServer } from '../support/redis-server.js';
import { sensorJob } from '../support/test-jobs.js';

const server = useRedisServer();
const job = sensorJob();
const stream = job.partitions[0]!;
let redis: ScriptedRedis;

beforeAll(() => {
  redis = commandConnection(parseRedisUrl(server.url), 'commit-fence-test');
});
afterAll(() => redis.disconnect());

let entryId = '';
beforeEach(async () => {
  await server.reset();
  entryId = (await server.redis.xadd(stream, '*', 'sensor', 'a', 'value', 'x', 'ts', '1'))!;
  await server.redis.xgroup('CREATE', stream, job.group, '0');
});

/** One batch: the entry read, one dead letter for it. */
function batch(): BatchCommit {
  return {
    lastId: entryId,
    entriesRead: 1,
    clock: { replayAfter: entryId, watermark: -Infinity, maxEventTime: -Infinity, replayWatermark: -Infinity, replayMaxEventTime: -Infinity },
    output: new RecordPacker(0).finish(),
    outputCount: 0,
    late: [],
    deadLetter: [['sensor', 'a', 'reason', 'non-numeric-value', 'source_id', entryId]],
  };
}

const sinksWritten = async (): Promise<number> =>
  (await server.redis.exists(job.sinks.output)) + (await server.redis.exists(job.sinks.late)) + (await server.redis.exists(job.sinks.deadLetter));

async function expectRefusedAndNothingWritten(attempt: Promise<unknown>): Promise<void> {
  await expect(attempt).rejects.toBeInstanceOf(FencedCommit);
  expect(await sinksWritten()).toBe(0);
  expect(await server.redis.hget(checkpointKey(job.name, stream), 'seq')).toBeNull();
  expect(await server.redis.hget(checkpointKey(job.name, stream), 'id')).toBeNull();
}

it('commits for the holder with the current token', async () => {
  const a = new PartitionLeases(redis, job.name, job.partitions, 'a', 10_000);
  const got = await a.acquire(0);
  expect(got).toEqual({ acquired: true, token: 1 });
  await commitBatch(redis, job, 0, { owner: 'a', token: 1 }, 0, batch());
  expect(await server.redis.xlen(job.sinks.deadLetter)).toBe(1);
  expect(await server.redis.hget(checkpointKey(job.name, stream), 'id')).toBe(entryId);
});

it('refuses a process that never acquired the lease', async () => {
  await expectRefusedAndNothingWritten(commitBatch(redis, job, 0, { owner: 'a', token: 0 }, 0, batch()));
});

it('refuses the holder whose lease expired, even before anyone else acquires it', async () => {
  const a = new PartitionLeases(redis, job.name, job.partitions, 'a', 50);
  await a.acquire(0);
  await new Promise((r) => setTimeout(r, 150));
  await expectRefusedAndNothingWritten(commitBatch(redis, job, 0, { owner: 'a', token: 1 }, 0, batch()));
});

it('refuses the old holder once another process acquired the partition (the zombie), and the new holder commits', async () => {
  const a = new PartitionLeases(redis, job.name, job.partitions, 'a', 50);
  await a.acquire(0);
  await new Promise((r) => setTimeout(r, 150));
  const b = new PartitionLeases(redis, job.name, job.partitions, 'b', 10_000);
  expect(await b.acquire(0)).toEqual({ acquired: true, token: 2 });
  await expectRefusedAndNothingWritten(commitBatch(redis, job, 0, { owner: 'a', token: 1 }, 0, batch()));
  await commitBatch(redis, job, 0, { owner: 'b', token: 2 }, 0, batch());
  expect(await server.redis.xlen(job.sinks.deadLetter)).toBe(1);
});

it('refuses an older token of the same owner after it re-took the lease', async () => {
  const a = new PartitionLeases(redis, job.name, job.partitions, 'a', 10_000);
  await a.acquire(0);
  expect(await a.acquire(0)).toEqual({ acquired: true, token: 2 });
  await expectRefusedAndNothingWritten(commitBatch(redis, job, 0, { owner: 'a', token: 1 }, 0, batch()));
  expect(await server.redis.get(leaseKey(job.name, stream))).toBe('a');
});
