// SIGTERM under load: the process stops reading, commits its in-flight batches, releases every
// lease after its partition's last commit and leaves the membership, then exits 0 within 5 s. With
// a 30 s lease, a successor can only take the partitions over this soon because they were
// released: right after the exit no lease names the stopped process, and the survivor takes them.
//
//   A: 0 1 ─── SIGTERM ─ commit ─ release 0 1 ─ exit 0 (< 5 s)
//   B: 2 3 ──────────────────────────────────▶ 0 1 2 3   (long before A's 30 s leases could expire)

import { expect, onTestFinished, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import {
  allRead,
  countsPerPartition,
  heldBy,
  leaseHolders,
  members,
  partitionedSensorEntries,
  splitByPartitionField,
  startMember,
  steadyProducer,
} from '../support/partitioned-sensors.js';
import { eventually, groupInfo, readRaw, readSinks } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const LEASE = ['--lease-ms', '30000'];
const input = partitionedSensorEntries(PARTITIONS, { seed: 99, count: 40_000, sensors: 40, stepMs: 5, lateEvery: 0, badEvery: 41 });

test('SIGTERM under load: in-flight batches committed, leases released, exit 0 within 5 s; the survivor takes over at once', async () => {
  const job = await loadJob(JOB_FILE);
  const { process: a, owner: ownerA } = await startMember(['run', JOB_FILE, '--redis', server.url, ...LEASE]);
  const { process: b, owner: ownerB } = await startMember(['run', JOB_FILE, '--redis', server.url, ...LEASE]);
  await eventually('the partitions to split two and two', async () => ((await heldBy(server.redis, job, ownerB)).length === 2 || undefined));
  const partitionsOfA = await heldBy(server.redis, job, ownerA);

  const producer = steadyProducer(server.redis, input, 100);
  onTestFinished(() => producer.stop());
  await eventually('A to be busy', async () => {
    for (const p of partitionsOfA) if (Number((await groupInfo(server.redis, job.partitions[p]!, job.group))?.get('entries-read')) < 1000) return undefined;
    return true;
  });
  const signalledAt = Date.now();
  a.signal('SIGTERM');
  const stopped = await a.exited;
  const exitMs = Date.now() - signalledAt;
  const afterExit = await leaseHolders(server.redis, job);
  expect(stopped.code, describeRun(stopped)).toBe(0);
  expect(exitMs, 'SIGTERM to exit, ms').toBeLessThan(5000);
  expect(afterExit.filter((h) => h === ownerA), 'leases still naming the stopped process').toEqual([]);
  expect(await members(server.redis, job)).not.toContain(ownerA);
  const released = stopped.logs.filter((l) => l.msg === 'partition released' && l['why'] === 'stop').map((l) => Number(l['partition']));
  expect(released.sort()).toEqual(partitionsOfA);

  await eventually('B to take A’s partitions over', async () => ((await heldBy(server.redis, job, ownerB)).length === PARTITIONS || undefined));

  await producer.finished;
  const counts = countsPerPartition(input, PARTITIONS);
  await eventually('every partition to be read to its end', async () => (await allRead(server.redis, job, counts)) || undefined, 45_000);
  b.signal('SIGTERM');
  const survivor = await b.exited;
  expect(survivor.code, describeRun(survivor)).toBe(0);
  expect(Number(finishedSummary(stopped)['entries']) + Number(finishedSummary(survivor)['entries'])).toBe(input.length);

  const deadLetter = splitByPartitionField((await readSinks(server.redis, job.sinks)).deadLetter, PARTITIONS);
  for (let p = 0; p < PARTITIONS; p++) {
    expect(deadLetter[p], `partition ${p} dead letters`).toEqual(expectedSinks(job, await readRaw(server.redis, job.partitions[p]!)).deadLetter);
  }
});
