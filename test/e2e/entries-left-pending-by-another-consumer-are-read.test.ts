// A consumer group another consumer used before eddy (a hand-written ioredis consumer being
// replaced, now gone): it read entries with XREADGROUP and acknowledged only some. The group's
// last-delivered ID is past the unacknowledged ones, so starting there would skip them — input lost
// without a word. Once every consumer holding them has been idle for the job's abandonedPendingAfter
// (200 ms in this fixture; 60 s by default), eddy's first run starts before the oldest pending entry
// instead, says so, reads everything from there (the acknowledged ones after it too: eddy never read
// them), and once it has read past the newest, acknowledges them and deletes the consumers that held
// them. A consumer still active keeps its entries (another-consumers-pending-entries-are-left-to-it).
//
//   sensors  e0 … e599 ─── e600 … e2999
//   old      reads e0 … e599 (XREADGROUP), acks e0 … e199 and e400 … e499
//   group    last-delivered e599; pending e200 … e399, e500 … e599 (old-1, old-2)
//   eddy     reads after e199: its sinks are the oracle of e200 … e2999; nothing pending; old-* gone

import { expect, test } from 'vitest';
import { aclUserName, jobAclRule } from '../../src/k8s/redis-acl.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const PASSWORD = 'p3nding-pw';
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-abandoned-pending.ts';

test("a group's entries another consumer left pending are read, not skipped, then acknowledged and their consumers retired", async () => {
  const job = await loadJob(JOB_FILE);
  const ids = await xaddAll(server.redis, 'sensors', sensorEntries({ seed: 31, count: 3000, sensors: 20, badEvery: 97 }).map((e) => e.fields));
  await server.redis.xgroup('CREATE', 'sensors', job.group, '0');
  await server.redis.xreadgroup('GROUP', job.group, 'old-1', 'COUNT', 400, 'STREAMS', 'sensors', '>');
  await server.redis.xreadgroup('GROUP', job.group, 'old-2', 'COUNT', 200, 'STREAMS', 'sensors', '>');
  await server.redis.xack('sensors', job.group, ...ids.slice(0, 200), ...ids.slice(400, 500));
  expect(((await server.redis.xpending('sensors', job.group)) as [number])[0]).toBe(300);
  await new Promise((r) => setTimeout(r, 400)); // both consumers idle past abandonedPendingAfter

  // As the job's ACL user: the rule must allow what this needs.
  const [, , ...rule] = jobAclRule(job).split(' ');
  await server.redis.call('ACL', 'SETUSER', ...rule, `>${PASSWORD}`);
  const run = await runCli(['run', JOB_FILE, '--drain', '--redis', `redis://${aclUserName(job)}:${PASSWORD}@127.0.0.1:${server.port}`, '--progress-ms', '0']);
  expect(run.code, describeRun(run)).toBe(0);
  const said = run.logs.find((l) => l.msg === 'starting before entries pending in the consumer group');
  expect(String(said?.['detail']), describeRun(run)).toContain(`300 entries of group ${job.group} are pending (delivered to old-1, old-2, never acknowledged) from ${ids[200]}`);

  const expected = expectedSinks(job, (await readRaw(server.redis, 'sensors')).slice(200));
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output).toEqual(expected.output);
  expect(written.late).toEqual(expected.late);
  expect(written.deadLetter).toEqual(expected.deadLetter);

  expect(((await server.redis.xpending('sensors', job.group)) as [number])[0]).toBe(0);
  expect(await server.redis.xinfo('CONSUMERS', 'sensors', job.group)).toEqual([]);
  expect(run.logs.some((l) => l.msg === 'entries other consumers left pending are acknowledged')).toBe(true);
});
