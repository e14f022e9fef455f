// How a commit survives faults (issue 6), against a real redis-server: a retry never writes a batch
// twice — an attempt applied before its reply was lost is recognised by the checkpoint's seq having
// moved past the batch's — an OOM refusal is waited out, a stopping partition abandons what is still
// undecided, and a commit after the input stream or its group vanished writes nothing at all.

import { ReplyError } from 'ioredis';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { commitBatch, type BatchCommit } from '../../src/pipeline/batch-commit.js';
import { CommitAbandoned, CommitRetry, type CommitNotice } from '../../src/pipeline/commit-retry.js';
import { commandConnection } from '../../src/redis/command-connection.js';
import { checkpointKey } from '../../src/redis/keys.js';
import { RecordPacker } from '../../src/redis/lua-records.js';
import type { ScriptedRedis } from '../../src/redis/lua-scripts.js';
import { PartitionLeases } from '../../src/redis/partition-leases.js';
import { parseRedisUrl } from '../../src/redis/redis-url.js';
import { SourceGone } from '../../src/redis/source-check.js';
import { useRedisServer } from '../support/redis-server.js';
import { sensorJob } from '../support/test-jobs.js';

const server = useRedisServer();
const job = sensorJob();
const stream = job.partitions[0]!;
const lease = { owner: 'a', token: 1 };
let redis: ScriptedRedis;

beforeAll(() => {
  redis = commandConnection(parseRedisUrl(server.url), 'commit-retry-test');
});
afterAll(() => redis.disconnect());

let ids: string[] = [];
beforeEach(async () => {
  await server.reset();
  await server.redis.config('SET', 'maxmemory', '0');
  ids = [];
  for (let i = 0; i < 3; i++) ids.push((await server.redis.xadd(stream, '*', 'sensor', 'a', 'value', 'x', 'ts', String(i)))!);
  await server.redis.xgroup('CREATE', stream, job.group, '0');
  expect(await new PartitionLeases(redis, job.name, job.partitions, 'a', 10_000).acquire(0)).toEqual({ acquired: true, token: 1 });
});

/** Batch k: entry k read, one dead letter for it. */
function batch(k: number): BatchCommit {
  return {
    lastId: ids[k]!,
    entriesRead: k + 1,
    clock: { replayAfter: ids[k]!, watermark: -Infinity, maxEventTime: -Infinity, replayWatermark: -Infinity, replayMaxEventTime: -Infinity },
    output: new RecordPacker(0).finish(),
    outputCount: 0,
    late: [],
    deadLetter: [['sensor', 'a', 'reason', 'non-numeric-value', 'source_id', ids[k]!]],
  };
}

function retrying(stopping = (): boolean => false): { retry: CommitRetry; notices: CommitNotice[] } {
  const notices: CommitNotice[] = [];
  const retry = new CommitRetry({ committer: redis, job, partition: 0, lease, stopping, notify: (n) => notices.push(n), firstDelayMs: 20, maxDelayMs: 100, noticeEveryMs: 0 });
  return { retry, notices };
}

const seq = async (): Promise<number> => Number(await server.redis.hget(checkpointKey(job.name, stream), 'seq'));

it('an attempt applied before its reply was lost is recognised, not written again', async () => {
  // The first attempt went through; its reply never came back (as when the connection drops).
  await commitBatch(redis, job, 0, lease, 0, batch(0));
  const { retry, notices } = retrying();
  await retry.commit(0, batch(0), undefined);
  expect(await server.redis.xlen(job.sinks.deadLetter)).toBe(1);
  expect(await seq()).toBe(1);
  expect(notices.map((n) => n.cause)).toEqual(['resolved']);
  expect(notices[0]!.detail).toContain('had been applied');
  // And the next batch commits as usual.
  await retry.commit(1, batch(1), undefined);
  expect(await server.redis.xlen(job.sinks.deadLetter)).toBe(2);
});

it('at maxmemory the commit is refused whole and retried until memory is freed; then written once', async () => {
  await server.redis.config('SET', 'maxmemory', '1');
  const { retry, notices } = retrying();
  const first = retry.commit(0, batch(0), undefined);
  // The next batch waits behind the first (its own attempt is refused: OOM, or a checkpoint behind it).
  const second = retry.commit(1, batch(1), first);
  await new Promise((r) => setTimeout(r, 300));
  expect(await server.redis.exists(job.sinks.deadLetter)).toBe(0);
  expect(notices.some((n) => n.cause === 'out-of-memory' && n.detail.startsWith('OOM'))).toBe(true);
  await server.redis.config('SET', 'maxmemory', '0');
  await Promise.all([first, second]);
  expect(await server.redis.xlen(job.sinks.deadLetter)).toBe(2);
  expect(await seq()).toBe(2);
  expect(notices.at(-1)!.cause).toBe('resolved');
});

it('a stopping partition abandons a commit that cannot go through', async () => {
  await server.redis.config('SET', 'maxmemory', '1');
  let stopping = false;
  const { retry } = retrying(() => stopping);
  const pending = retry.commit(0, batch(0), undefined);
  await new Promise((r) => setTimeout(r, 100));
  stopping = true;
  await expect(pending).rejects.toBeInstanceOf(CommitAbandoned);
  expect(await server.redis.exists(job.sinks.deadLetter)).toBe(0);
});

it.each([
  ['the consumer group destroyed', 'group', () => server.redis.xgroup('DESTROY', stream, job.group)],
  ['the input stream deleted', 'stream', () => server.redis.del(stream)],
] as const)('%s: the commit writes nothing and says so (SourceGone), not retried', async (_what, missing, vanish) => {
  await vanish();
  const { retry } = retrying();
  const refused = retry.commit(0, batch(0), undefined);
  await expect(refused).rejects.toBeInstanceOf(SourceGone);
  await expect(refused).rejects.toMatchObject({ missing });
  expect(await server.redis.exists(job.sinks.deadLetter)).toBe(0);
  expect(await server.redis.hget(checkpointKey(job.name, stream), 'seq')).toBeNull();
});

it('NOSCRIPT (an EVAL refused in a failover left the socket marked as having the script) is retried, and the batch written once', async () => {
  // On a cluster, ioredis marks a socket as having a script when it sends EVAL, also when the node
  // refuses that EVAL (CLUSTERDOWN, MOVED) without loading it; an EVALSHA there and its own resend can
  // then both meet NOSCRIPT, which reaches the caller. Nothing ran, so the commit is simply retried.
  let refusals = 2;
  const committer = new Proxy(redis, {
    get(target, name, receiver) {
      if (name === 'commit' && refusals > 0) {
        return () => {
          refusals--;
          return Promise.reject(new ReplyError('NOSCRIPT No matching script. Please use EVAL.'));
        };
      }
      const value = Reflect.get(target, name, receiver) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const notices: CommitNotice[] = [];
  const retry = new CommitRetry({ committer, job, partition: 0, lease, stopping: () => false, notify: (n) => notices.push(n), firstDelayMs: 20, maxDelayMs: 100, noticeEveryMs: 0 });
  await retry.commit(0, batch(0), undefined);
  expect(refusals).toBe(0);
  expect(await server.redis.xlen(job.sinks.deadLetter)).toBe(1);
  expect(await seq()).toBe(1);
  expect(notices.map((n) => n.cause)).toEqual(['unavailable', 'unavailable', 'resolved']);
});
