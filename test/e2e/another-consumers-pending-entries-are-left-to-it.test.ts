// eddy starts at the group's last-delivered ID when it has no checkpoint of its own. Entries another
// consumer of the group was delivered before and holds pending are that consumer's while it is
// active (idle for less than the job's abandonedPendingAfter, 60 s by default): eddy neither
// re-reads nor acknowledges them, and says so (DESIGN.md, "Entries pending in the group"; a gone
// consumer's are read: entries-left-pending-by-another-consumer-are-read). Everything after them is
// processed once.
//
// The consumer here is named `eddy-p0`, the name eddy itself read partition 0 under before commit
// 5fd88c4: entries such a run left pending are not picked up by today's eddy either.

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { groupInfo, pendingCount, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const DELIVERED = 1234;

test('entries another consumer holds pending are neither re-read nor acknowledged; the rest is processed once', async () => {
  const job = await loadJob('examples/sensor-stats.ts');
  const input = sensorEntries({ seed: 66, count: 3000, sensors: 30 });
  const ids = await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  await server.redis.xgroup('CREATE', 'sensors', 'sensor-stats', '0');
  // Delivered to eddy-p0 and never acknowledged: in two reads, as a consumer with COUNT 1000 would.
  await server.redis.xreadgroup('GROUP', 'sensor-stats', 'eddy-p0', 'COUNT', 1000, 'STREAMS', 'sensors', '>');
  await server.redis.xreadgroup('GROUP', 'sensor-stats', 'eddy-p0', 'COUNT', DELIVERED - 1000, 'STREAMS', 'sensors', '>');
  expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(DELIVERED);

  const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  expect(finishedSummary(run)['entries']).toBe(input.length - DELIVERED);
  expect(run.logs.some((l) => l.msg === 'entries pending with other active consumers are left to them' && String(l['detail']).includes('eddy-p0 (idle')), describeRun(run)).toBe(true);

  const rest = (await readRaw(server.redis, 'sensors')).slice(DELIVERED);
  const expected = expectedSinks(job, rest);
  expect(await readSinks(server.redis, job.sinks)).toEqual({ output: expected.output, late: expected.late, deadLetter: expected.deadLetter });

  const pending = (await server.redis.xpending('sensors', 'sensor-stats')) as [number, string, string, [string, string][]];
  expect(pending[0]).toBe(DELIVERED);
  expect(pending[1]).toBe(ids[0]);
  expect(pending[2]).toBe(ids[DELIVERED - 1]);
  expect(pending[3]).toEqual([['eddy-p0', String(DELIVERED)]]);
  const info = await groupInfo(server.redis, 'sensors', 'sensor-stats');
  expect(info?.get('last-delivered-id')).toBe(ids.at(-1));
  expect(info?.get('lag')).toBe(0);
});
