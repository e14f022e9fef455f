// A partition's slot is moved to another master while the job runs and a producer writes (the
// resharding `redis-cli --cluster reshard` does, one slot, step by step): the slot is MIGRATING on
// its master and IMPORTING on the other while its keys move a few at a time, so the job can meet every
// answer a migration gives — commits whose keys are split between the two nodes (TRYAGAIN), keys
// already gone (ASK: the script runs on the importing node after ASKING), its reader asked to go
// elsewhere (ASK, then MOVED once the slot is assigned) — and it goes on by itself. A final --drain
// equals the oracle exactly.
//
//   slot S   A: serving ── MIGRATING ─ keys move 2 at a time ─┐
//            B: ─────────── IMPORTING ─────────────────────────┴─ SETSLOT NODE B: serving

import { beforeEach, expect, test } from 'vitest';
import { keySlot } from '../../src/redis/cluster-slot.js';
import { withPartitionSinks } from '../../src/redis/keys.js';
import { useRedisCluster } from '../support/redis-cluster.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { allRead, partitionedSensorEntries, startMember } from '../support/partitioned-sensors.js';
import { clusterProducer } from '../support/cluster-producer.js';
import { eventually, groupInfo } from '../support/stream-io.js';

const cluster = useRedisCluster({ masters: 3, replicas: 0 });
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const SENSORS = 24;
const P = 1;

beforeEach(async () => {
  await cluster.waitHealthy();
  await cluster.reset();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Moves `slot` from the master on `from` to the master on `to`, `perStep` keys at a time. */
async function migrateSlot(slot: number, from: number, to: number, perStep: number): Promise<number> {
  const fromId = String(await cluster.nodeCommand(from, ['CLUSTER', 'MYID']));
  const toId = String(await cluster.nodeCommand(to, ['CLUSTER', 'MYID']));
  await cluster.nodeCommand(to, ['CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', fromId]);
  await cluster.nodeCommand(from, ['CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', toId]);
  let moved = 0;
  for (;;) {
    const keys = (await cluster.nodeCommand(from, ['CLUSTER', 'GETKEYSINSLOT', String(slot), String(perStep)])) as string[];
    if (keys.length === 0) break;
    await cluster.nodeCommand(from, ['MIGRATE', '127.0.0.1', String(to), '', '0', '5000', 'KEYS', ...keys]);
    moved += keys.length;
    await sleep(400);
  }
  // The importing node first, then the others (as redis-cli does).
  await cluster.nodeCommand(to, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', toId]);
  for (const port of await cluster.masters()) if (port !== to) await cluster.nodeCommand(port, ['CLUSTER', 'SETSLOT', String(slot), 'NODE', toId]);
  return moved;
}

test('a partition slot resharded to another master mid-run: the job follows it and stays exactly once', async () => {
  const job = await loadJob(JOB_FILE);
  const slot = keySlot(job.partitions[P]!);
  const from = await cluster.masterOf(slot);
  const to = (await cluster.masters()).find((port) => port !== from)!;

  const input = partitionedSensorEntries(PARTITIONS, { seed: 33, count: 24_000, sensors: SENSORS, stepMs: 10, badEvery: 113, lateEvery: 149 });
  const member = await startMember(['run', JOB_FILE, '--redis', cluster.url, '--progress-ms', '0'], { timeoutMs: 150_000 });
  // Slow enough to be writing throughout the migration.
  const producer = clusterProducer(cluster.client, input, PARTITIONS, 100, 20);
  await eventually(`partition ${P} to commit`, async () => (Number((await groupInfo(cluster.client, job.partitions[P]!, job.group))?.get('entries-read') ?? 0) > 0 ? true : undefined));

  const moved = await migrateSlot(slot, from, to, 2);
  expect(moved, 'keys of the partition moved (stream, checkpoint, lease, sinks)').toBeGreaterThanOrEqual(4);
  expect(await cluster.masterOf(slot)).toBe(to);
  expect(producer.produced(), 'the producer was still writing when the slot had moved').toBeLessThan(input.length);
  await producer.finished;

  const lengths = await Promise.all(job.partitions.map((s) => cluster.client.xlen(s)));
  await eventually('the running job to read every partition to its end', async () => (await allRead(cluster.client, job, lengths)) || undefined, 60_000);
  member.process.signal('SIGTERM');
  const run = await member.process.exited;
  expect(run.code, describeRun(run)).toBe(0);
  const notices = run.logs.filter((l) => /^commit|bookkeeping|partition (lost|acquired)/.test(String(l.msg))).map((l) => `${l.msg}${l['detail'] ? ` (${String(l['detail']).slice(0, 60)})` : ''}`);
  console.info(`resharding: ${moved} keys moved; the job said: ${[...new Set(notices)].join(' | ') || 'nothing'}`);
  const last = await runCli(['run', JOB_FILE, '--drain', '--redis', cluster.url, '--progress-ms', '0'], { timeoutMs: 60_000 });
  expect(last.code, describeRun(last)).toBe(0);
  await expectExactlyOnce(cluster.client, withPartitionSinks(job), SENSORS);
}, 180_000);
