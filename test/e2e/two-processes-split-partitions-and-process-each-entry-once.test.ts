// Two `eddy run` processes of one partitioned job (4 partitions) split the partitions between them
// through leases — two each, none held by both — and together process every entry exactly once:
// dead letters and late events equal the oracle's per partition, every window closed by the
// watermark is written once with the oracle's result, and each partition's group has read its
// whole stream. Input is produced only after the split, so no window is open at a hand-over.
//
//   A starts ──▶ holds 0 1 2 3 ── B joins ──▶ A gives up two (after committing) ──▶ A: 2, B: 2
//                                                         then input flows into all four partitions

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary } from '../support/run-cli.js';
import { closedOutput, expectedSinks, loadJob } from '../support/sensor-oracle.js';
import {
  allRead,
  countsPerPartition,
  leaseHolders,
  members,
  partitionedSensorEntries,
  partitionOfSensor,
  splitByPartitionField,
  startMember,
  steadyProducer,
} from '../support/partitioned-sensors.js';
import { eventually, pendingCount, readRaw, readSinks } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const SENSORS = 32;
const LEASE = ['--lease-ms', '2000'];
const input = partitionedSensorEntries(PARTITIONS, { seed: 2024, count: 12_000, sensors: SENSORS, stepMs: 10 });

test('two processes hold two partitions each and together write every record once', async () => {
  const job = await loadJob(JOB_FILE);
  const { process: a, owner: ownerA } = await startMember(['run', JOB_FILE, '--redis', server.url, ...LEASE]);
  await eventually('A to hold every partition while alone', async () => ((await leaseHolders(server.redis, job)).every((h) => h === ownerA) || undefined));

  const { process: b, owner: ownerB } = await startMember(['run', JOB_FILE, '--redis', server.url, ...LEASE]);
  const split = await eventually('the partitions to split two and two', async () => {
    const holders = await leaseHolders(server.redis, job);
    const mine = (o: string): number => holders.filter((h) => h === o).length;
    return mine(ownerA) === 2 && mine(ownerB) === 2 ? holders : undefined;
  });
  expect(new Set(split).size).toBe(2);
  expect((await members(server.redis, job)).sort()).toEqual([ownerA, ownerB].sort());

  await steadyProducer(server.redis, input, 200).finished;
  const counts = countsPerPartition(input, PARTITIONS);
  await eventually('every partition to be read to its end', async () => (await allRead(server.redis, job, counts)) || undefined, 45_000);
  // Nothing moved while the input was processed: each process kept its two partitions.
  expect(await leaseHolders(server.redis, job)).toEqual(split);

  a.signal('SIGTERM');
  b.signal('SIGTERM');
  const [runA, runB] = await Promise.all([a.exited, b.exited]);
  expect(runA.code, describeRun(runA)).toBe(0);
  expect(runB.code, describeRun(runB)).toBe(0);
  expect(Number(finishedSummary(runA)['entries']) + Number(finishedSummary(runB)['entries'])).toBe(input.length);
  expect(Number(finishedSummary(runA)['entries'])).toBeGreaterThan(0);
  expect(Number(finishedSummary(runB)['entries'])).toBeGreaterThan(0);
  expect(await leaseHolders(server.redis, job)).toEqual(Array.from({ length: PARTITIONS }, () => undefined));
  expect(await members(server.redis, job)).toEqual([]);

  const written = await readSinks(server.redis, job.sinks);
  const keyPartition = partitionOfSensor(PARTITIONS, SENSORS);
  const late = splitByPartitionField(written.late, PARTITIONS);
  const deadLetter = splitByPartitionField(written.deadLetter, PARTITIONS);
  for (let p = 0; p < PARTITIONS; p++) {
    const stream = job.partitions[p]!;
    expect(await pendingCount(server.redis, stream, job.group)).toBe(0);
    const expected = expectedSinks(job, await readRaw(server.redis, stream));
    expect(deadLetter[p], `partition ${p} dead letters`).toEqual(expected.deadLetter);
    expect(late[p], `partition ${p} late events`).toEqual(expected.late);
    expect(written.output.filter((r) => keyPartition(r[1]!) === p), `partition ${p} closed windows`).toEqual(closedOutput(expected));
  }
});
