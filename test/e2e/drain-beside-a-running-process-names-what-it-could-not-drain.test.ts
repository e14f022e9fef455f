// --drain while another process of the job runs: the draining process joins the membership, so the
// running one gives up its extra partitions; it drains those it gets, waits two lease TTLs for the
// rest, then fails (exit 1) naming the partitions it could not drain and who holds them. It never
// touches a partition another process holds.
//
//   A (running): 0 1 2 3 ─ D joins ─▶ 0 1 ──────────────────────────────▶ 0 1 2 3 (once D is gone)
//   D (--drain):                      2 3 drained, released ─ 2 TTLs ─ exit 1: "0, 1 held by A"

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli, startCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { allRead, countsPerPartition, heldBy, ownerOf, partitionedSensorEntries, produce } from '../support/partitioned-sensors.js';
import { eventually } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const LEASE = ['--lease-ms', '2500'];
const input = partitionedSensorEntries(PARTITIONS, { seed: 3, count: 2000, sensors: 16 });

test('--drain beside a running process drains what it gets and names the partitions it could not drain', async () => {
  const job = await loadJob(JOB_FILE);
  const a = startCli(['run', JOB_FILE, '--redis', server.url, ...LEASE]);
  await a.waitForLog((l) => l.msg === 'job started');
  const ownerA = ownerOf(a.logs());
  await produce(server.redis, input);
  await eventually('A to read everything', async () => (await allRead(server.redis, job, countsPerPartition(input, PARTITIONS))) || undefined);

  const drain = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, ...LEASE]);
  expect(drain.code, describeRun(drain)).toBe(1);
  const drained = drain.logs.filter((l) => l.msg === 'partition released' && l['why'] === 'drained').map((l) => Number(l['partition'])).sort();
  expect(drained).toHaveLength(2);
  const notDrained = [0, 1, 2, 3].filter((p) => !drained.includes(p));
  expect(finishedSummary(drain)['undrained']).toEqual(notDrained);
  expect(drain.stderr).toContain('--drain: 2 of 4 partitions were not drained');
  for (const p of notDrained) expect(drain.stderr).toContain(`${job.partitions[p]} (held by ${ownerA})`);

  // Once the draining process has left, A takes its fair share again: everything.
  await eventually('A to hold every partition again', async () => ((await heldBy(server.redis, job, ownerA)).length === PARTITIONS || undefined));
  a.signal('SIGTERM');
  expect((await a.exited).code).toBe(0);
});
