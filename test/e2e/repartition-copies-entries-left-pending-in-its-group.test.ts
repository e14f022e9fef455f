// The repartition stage continuing an existing group (`--group`) a hand-written consumer used
// before it: that consumer read entries with XREADGROUP and acknowledged only some, so the group's
// last-delivered ID is past the unacknowledged ones and starting there would skip them — input lost
// without a word. As a partition's first run does (entries-left-pending-by-another-consumer-are-read),
// the stage's first run starts before the oldest pending entry once every consumer holding them has
// been idle for the job's abandonedPendingAfter (200 ms in this fixture), copies everything from
// there (partition streams refuse what they already hold, so re-copying is harmless), then
// acknowledges the pending entries and deletes the consumers that held them. A consumer still active
// keeps its entries: the stage copies after the group's last-delivered ID and says who holds what.
//
//   sensors-raw  e0 … e599 ─── e600 … e2999
//   legacy       old-1 reads e0 … e399, old-2 e400 … e599 (XREADGROUP); e200 … e399 and e500 … e599 acked
//   group        last-delivered e599; pending e0 … e199 (old-1), e400 … e499 (old-2)
//   stage        copies from e0 (the acked ones in between too): every entry once across the
//                partitions; nothing pending; old-* gone

import { beforeEach, expect, test } from 'vitest';
import { repartitionAclRule, repartitionAclUserName } from '../../src/k8s/redis-acl.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { groupInfo, readRaw, xaddAll } from '../support/stream-io.js';
import { entryText, expectRepartitioned, routeOriginal } from '../support/repartition-oracle.js';

const server = useRedisServer();
const FROM = 'sensors-raw';
const GROUP = 'legacy';
const PASSWORD = 'st4ge-p3nding-pw';

beforeEach(() => server.reset());

test("the stage's first run copies the entries gone consumers left pending in its group, then acknowledges them and retires the consumers", async () => {
  const JOB_FILE = 'test/e2e/fixtures/sensor-stats-8-partitions-abandoned-pending.ts';
  const job = await loadJob(JOB_FILE);
  const ids = await xaddAll(server.redis, FROM, sensorEntries({ seed: 613, count: 3000, sensors: 30, badEvery: 53 }).map((e) => e.fields));
  await server.redis.xgroup('CREATE', FROM, GROUP, '0');
  await server.redis.xreadgroup('GROUP', GROUP, 'old-1', 'COUNT', 400, 'STREAMS', FROM, '>');
  await server.redis.xreadgroup('GROUP', GROUP, 'old-2', 'COUNT', 200, 'STREAMS', FROM, '>');
  await server.redis.xack(FROM, GROUP, ...ids.slice(200, 400), ...ids.slice(500, 600));
  expect(((await server.redis.xpending(FROM, GROUP)) as [number])[0]).toBe(300);
  await new Promise((r) => setTimeout(r, 400)); // both consumers idle past abandonedPendingAfter

  // As the stage's ACL user: its rule must allow what this needs.
  const [, , ...rule] = repartitionAclRule(job, FROM, { group: GROUP }).split(' ');
  await server.redis.call('ACL', 'SETUSER', ...rule, `>${PASSWORD}`);
  const url = `redis://${repartitionAclUserName(job)}:${PASSWORD}@127.0.0.1:${server.port}`;
  const stage = await runCli(['repartition', JOB_FILE, '--from', FROM, '--group', GROUP, '--drain', '--redis', url, '--batch-size', '250'], { timeoutMs: 60_000 });
  expect(stage.code, describeRun(stage)).toBe(0);

  // Every source entry once across the partitions (and the stage's dead letters); the group read everything.
  await expectRepartitioned(server.redis, job, FROM, `${FROM}:repartition-dlq`, GROUP);
  const said = stage.logs.find((l) => l.msg === 'starting before entries pending in the consumer group');
  expect(String(said?.['detail']), describeRun(stage)).toContain(`300 entries of group ${GROUP} are pending (delivered to old-1, old-2, never acknowledged) from ${ids[0]}`);
  expect(String(said?.['detail'])).toContain(`not from the group's last-delivered ID ${ids[599]}`);
  expect(((await server.redis.xpending(FROM, GROUP)) as [number])[0]).toBe(0);
  expect(await server.redis.xinfo('CONSUMERS', FROM, GROUP)).toEqual([]);
  const retired = stage.logs.find((l) => l.msg === 'entries other consumers left pending are acknowledged');
  expect(String(retired?.['detail']), describeRun(stage)).toBe(`300 entries other consumers left pending up to ${ids[499]} are read and now acknowledged; consumers deleted (no entry pending any more): old-1, old-2`);
});

test("entries an active consumer holds pending in the stage's group stay its own; the stage copies after them and says so", async () => {
  const JOB_FILE = 'test/e2e/fixtures/sensor-stats-8-partitions.ts';
  const job = await loadJob(JOB_FILE); // abandonedPendingAfter: 60 s by default
  const DELIVERED = 700;
  const ids = await xaddAll(server.redis, FROM, sensorEntries({ seed: 614, count: 3000, sensors: 30, badEvery: 53 }).map((e) => e.fields));
  await server.redis.xgroup('CREATE', FROM, GROUP, '0');
  await server.redis.xreadgroup('GROUP', GROUP, 'worker-1', 'COUNT', DELIVERED, 'STREAMS', FROM, '>');

  const stage = await runCli(['repartition', JOB_FILE, '--from', FROM, '--group', GROUP, '--drain', '--redis', server.url, '--batch-size', '250'], { timeoutMs: 60_000 });
  expect(stage.code, describeRun(stage)).toBe(0);
  const said = stage.logs.find((l) => l.msg === 'entries pending with other active consumers are left to them');
  expect(String(said?.['detail']), describeRun(stage)).toContain(`${DELIVERED} entries of group ${GROUP} from ${ids[0]} to ${ids[DELIVERED - 1]} are pending with consumers active within abandonedPendingAfter (60000 ms): worker-1 (idle`);
  expect(stage.logs.some((l) => l.msg === 'starting before entries pending in the consumer group')).toBe(false);

  // What comes after the consumer's entries, once each; none of its own.
  const original = await readRaw(server.redis, FROM);
  const routed = routeOriginal(original.slice(DELIVERED), job.partitions.length);
  for (let p = 0; p < job.partitions.length; p++) {
    expect((await readRaw(server.redis, job.partitions[p]!)).map(entryText), `partition ${p}`).toEqual(routed.partitions[p]!.map(entryText));
  }
  expect((await readRaw(server.redis, `${FROM}:repartition-dlq`)).map((e) => e.id)).toEqual(routed.deadLetter.map((d) => d.entry.id));

  const pending = (await server.redis.xpending(FROM, GROUP)) as [number, string, string, [string, string][]];
  expect(pending).toEqual([DELIVERED, ids[0], ids[DELIVERED - 1], [['worker-1', String(DELIVERED)]]]);
  expect((await groupInfo(server.redis, FROM, GROUP))?.get('last-delivered-id')).toBe(ids.at(-1));
});
