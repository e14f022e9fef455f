// On a real Redis Cluster (3 masters on loopback), a 4-partition job whose partitions live on all
// three masters, run with --drain, writes exactly the oracle's results: each partition reads from
// the master of its slot, commits there, and writes its own sinks in its slot
// (`sensor-stats:out:{sensors:3}`), because one commit's keys must share a slot. A job whose sink
// would cross slots is refused at start-up with the fix, not by CROSSSLOT at its first commit.
// The repartition stage works there too: each append goes to its partition's slot, the checkpoint
// shares the source's slot (its hash tag is the source's name), and the entries a gone consumer
// left pending in its group on the source are copied, then acknowledged on the source's slot.

import { beforeEach, expect, test } from 'vitest';
import { keySlot } from '../../src/redis/cluster-slot.js';
import { withPartitionSinks } from '../../src/redis/keys.js';
import { useRedisCluster } from '../support/redis-cluster.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { partitionedSensorEntries, produce } from '../support/partitioned-sensors.js';
import { expectRepartitioned } from '../support/repartition-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { xaddAll } from '../support/stream-io.js';

const cluster = useRedisCluster({ masters: 3, replicas: 0 });
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const SENSORS = 24;

beforeEach(() => cluster.reset());

test('eddy computes key slots as Redis does', async () => {
  const keys = ['sensors:{sensors:0}', 'eddy:sensor-stats:checkpoint:{sensors:3}', 'foo', '{user1000}.following', 'a{}b', 'ü{ñ}x', '{a}{b}', 'no-tag}{'];
  for (const key of keys) expect(keySlot(key), key).toBe(await cluster.client.cluster('KEYSLOT', key));
});

test('a partitioned job drained on a cluster equals the oracle, partition by partition', async () => {
  const job = await loadJob(JOB_FILE);
  const owners = new Set(await Promise.all(job.partitions.map((s) => cluster.masterOf(keySlot(s)))));
  expect(owners.size, 'the partitions live on every master').toBe(3);

  await produce(cluster.client, partitionedSensorEntries(job.partitions.length, { seed: 77, count: 20_000, sensors: SENSORS, stepMs: 10, badEvery: 97, lateEvery: 131 }));
  const run = await runCli(['run', JOB_FILE, '--drain', '--redis', cluster.url, '--progress-ms', '0'], { timeoutMs: 90_000 });
  expect(run.code, describeRun(run)).toBe(0);

  await expectExactlyOnce(cluster.client, withPartitionSinks(job), SENSORS);
  // Nothing went to the single-node sink names.
  for (const key of Object.values(job.sinks)) expect(await cluster.client.exists(key), key).toBe(0);
}, 120_000);

test('the repartition stage on a cluster copies a stream into partitions on every master; the job then equals the oracle', async () => {
  const job = await loadJob(JOB_FILE);
  const FROM = 'sensors-raw';
  await xaddAll(cluster.client, FROM, sensorEntries({ seed: 78, count: 12_000, sensors: SENSORS, stepMs: 10, badEvery: 89, lateEvery: 127 }).map((e) => e.fields));
  const stage = await runCli(['repartition', JOB_FILE, '--from', FROM, '--drain', '--redis', cluster.url, '--batch-size', '500'], { timeoutMs: 90_000 });
  expect(stage.code, describeRun(stage)).toBe(0);
  await expectRepartitioned(cluster.client, job, FROM, `${FROM}:repartition-dlq`, `${job.name}-repartition`);

  const run = await runCli(['run', JOB_FILE, '--drain', '--redis', cluster.url, '--progress-ms', '0'], { timeoutMs: 90_000 });
  expect(run.code, describeRun(run)).toBe(0);
  await expectExactlyOnce(cluster.client, withPartitionSinks(job), SENSORS);
}, 120_000);

test('the repartition stage on a cluster copies what a gone consumer left pending in its group, then acknowledges it there', async () => {
  const JOB = 'test/e2e/fixtures/sensor-stats-8-partitions-abandoned-pending.ts'; // the stage only: its sinks are never written
  const job = await loadJob(JOB);
  const [FROM, GROUP] = ['sensors-raw', 'legacy'];
  const ids = await xaddAll(cluster.client, FROM, sensorEntries({ seed: 79, count: 3000, sensors: SENSORS, badEvery: 89 }).map((e) => e.fields));
  await cluster.client.xgroup('CREATE', FROM, GROUP, '0');
  await cluster.client.xreadgroup('GROUP', GROUP, 'old-1', 'COUNT', 600, 'STREAMS', FROM, '>');
  await cluster.client.xack(FROM, GROUP, ...ids.slice(300, 600));
  await new Promise((r) => setTimeout(r, 400)); // idle past abandonedPendingAfter (200 ms)
  const stage = await runCli(['repartition', JOB, '--from', FROM, '--group', GROUP, '--drain', '--redis', cluster.url, '--batch-size', '500'], { timeoutMs: 90_000 });
  expect(stage.code, describeRun(stage)).toBe(0);
  await expectRepartitioned(cluster.client, job, FROM, `${FROM}:repartition-dlq`, GROUP);
  expect(((await cluster.client.xpending(FROM, GROUP)) as [number])[0]).toBe(0);
  expect(await cluster.client.call('XINFO', 'CONSUMERS', FROM, GROUP)).toEqual([]);
  expect(stage.logs.some((l) => l.msg === 'entries other consumers left pending are acknowledged'), describeRun(stage)).toBe(true);
}, 120_000);

test('a sink pinned to another slot is refused at start-up, naming the fix', async () => {
  const run = await runCli(['run', 'test/e2e/fixtures/sensor-stats-cross-slot-sink.ts', '--drain', '--redis', cluster.url, '--progress-ms', '0']);
  expect(run.code, describeRun(run)).toBe(1);
  expect(run.stderr).toMatch(/partition sensors:\{sensors:0\} is in slot 1818, but its sinks.output "stats:\{all-partitions\}" is in slot \d+/);
  expect(run.stderr).toMatch(/remove the \{…\} hash tag from sinks.output: .*"stats:\{sensors:0\}"/);
});
