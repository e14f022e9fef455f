// A Redis Cluster master dies under a running job (3 masters with a replica each, on loopback).
//
//   1. SIGKILL: its replica is promoted after the node timeout; the job's readers find the new
//      master of their slots, its commits follow the failover (ioredis, then CommitRetry), and it
//      goes on by itself; a final --drain equals the oracle exactly — when Redis kept every write it
//      acknowledged (asynchronous replication may lose the last few; then the test says so and
//      checks no exactness, see DESIGN.md "Redis Cluster").
//   2. Acknowledged writes lost for certain: the replica is paused (SIGSTOP, its link cut) while the master goes on
//      acknowledging XADDs and commits, the master is SIGKILLed, the replica resumes and takes over
//      (CLUSTER FAILOVER TAKEOVER). The job finds the checkpoint behind its own commits; their outputs
//      went with them (one MULTI/EXEC in the replication stream), so it restarts the partition from
//      the checkpoint Redis kept, and the sinks equal the oracle of the input Redis kept.

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
import type { ResolvedJob } from '../../src/job/resolved-job.js';

const cluster = useRedisCluster({ masters: 3, replicas: 1 });
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const SENSORS = 24;
const LOST_WRITES = 'Redis lost acknowledged commits: partition restarted from its checkpoint';

beforeEach(async () => {
  await cluster.waitHealthy();
  await cluster.reset();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function committedSomething(job: ResolvedJob, p: number): Promise<true | undefined> {
  const read = (await groupInfo(cluster.client, job.partitions[p]!, job.group))?.get('entries-read');
  return typeof read === 'number' && read > 0 ? true : undefined;
}

/** The first partition whose master still has a replica, with both ports. */
async function partitionWithReplica(job: ResolvedJob): Promise<{ p: number; victim: number; replica: number }> {
  for (let p = 0; p < PARTITIONS; p++) {
    const victim = await cluster.masterOf(keySlot(job.partitions[p]!));
    const replica = await cluster.replicaOf(victim).catch(() => 0);
    if (replica !== 0) return { p, victim, replica };
  }
  throw new Error(`no partition's master has a replica (masters: ${(await cluster.masters()).join(', ')})`);
}

async function streamLengths(job: ResolvedJob): Promise<number[]> {
  return Promise.all(job.partitions.map((s) => cluster.client.xlen(s)));
}

/** Stops the job, drains what is left, and returns the running process's log lines. */
async function stopAndDrain(job: ResolvedJob, member: Awaited<ReturnType<typeof startMember>>): Promise<readonly { msg?: string }[]> {
  const lengths = await streamLengths(job);
  try {
    await eventually('the running job to read every partition to its end', async () => (await allRead(cluster.client, job, lengths)) || undefined, 60_000);
  } catch (e) {
    // Say where it stands: each partition's group position against its length, and the job's log.
    const read = await Promise.all(job.partitions.map(async (s) => (await groupInfo(cluster.client, s, job.group))?.get('entries-read')));
    const tail = (text: string): string => text.split('\n').slice(-40).join('\n');
    throw new Error(`${(e as Error).message}; entries-read ${JSON.stringify(read)} of ${JSON.stringify(lengths)}\nstdout:\n${tail(member.process.stdout())}\nstderr:\n${tail(member.process.stderr())}`);
  }
  member.process.signal('SIGTERM');
  const run = await member.process.exited;
  expect(run.code, describeRun(run)).toBe(0);
  const last = await runCli(['run', JOB_FILE, '--drain', '--redis', cluster.url, '--progress-ms', '0'], { timeoutMs: 60_000 });
  expect(last.code, describeRun(last)).toBe(0);
  return run.logs;
}

// Retried once: in one full-suite run of five (2-core machine, load from the rest of the suite) the
// job had not read every partition to its end 60 s after the failover, which alone it does in
// 10–20 s, also beside three CPU burners. Not understood yet — the error now carries each
// partition's position and the job's last log lines; the next failure says where it stood.
test('a master SIGKILLed mid-run: its replica is promoted and the job goes on by itself', { retry: 1, timeout: 180_000 }, async () => {
  const job = await loadJob(JOB_FILE);
  const input = partitionedSensorEntries(PARTITIONS, { seed: 31, count: 24_000, sensors: SENSORS, stepMs: 10, badEvery: 113, lateEvery: 149 });
  const member = await startMember(['run', JOB_FILE, '--redis', cluster.url, '--progress-ms', '0'], { timeoutMs: 150_000 });
  const producer = clusterProducer(cluster.client, input, PARTITIONS);
  // A partition whose master has a replica (on a retry, the first try's victim is gone).
  const { p, victim, replica } = await partitionWithReplica(job);
  await eventually(`partition ${p} to commit`, () => committedSomething(job, p));

  cluster.signal(victim, 'SIGKILL');
  await eventually('the replica to be promoted', async () => ((await cluster.masterOf(keySlot(job.partitions[p]!))) === replica ? true : undefined), 30_000);
  await producer.finished;

  const logs = await stopAndDrain(job, member);
  const lost = await producer.lostAcknowledged();
  if (lost.length === 0) {
    await expectExactlyOnce(cluster.client, withPartitionSinks(job), SENSORS);
  } else {
    // Asynchronous replication lost acknowledged writes: input entries the job may have processed
    // are gone, so its outputs cannot be compared with an oracle of what is left.
    console.warn(`failover lost ${lost.length} acknowledged entries (${logs.filter((l) => l.msg === LOST_WRITES).length} lost-commit restarts): exactly-once not asserted`);
  }
});

test('writes the replica never got are lost: the job restarts from the checkpoint Redis kept, exactly once', async () => {
  const job = await loadJob(JOB_FILE);
  // A master that still has its replica (the first test's victim is gone).
  const { p, victim, replica } = await partitionWithReplica(job);

  const input = partitionedSensorEntries(PARTITIONS, { seed: 32, count: 24_000, sensors: SENSORS, stepMs: 10, badEvery: 113, lateEvery: 149 });
  const member = await startMember(['run', JOB_FILE, '--redis', cluster.url, '--progress-ms', '0'], { timeoutMs: 150_000 });
  // Slow enough to be still writing when the master dies (about 8 s of input).
  const producer = clusterProducer(cluster.client, input, PARTITIONS, 100, 25);
  await eventually(`partition ${p} to commit`, () => committedSomething(job, p));

  // The master acknowledges XADDs and commits its replica never receives: the replica is paused and
  // its link cut from the master's side (a paused process's socket would otherwise still buffer
  // what the master sends, and the replica would read it on waking).
  cluster.signal(replica, 'SIGSTOP');
  await cluster.nodeCommand(victim, ['CLIENT', 'KILL', 'TYPE', 'replica']);
  await sleep(1500);
  cluster.signal(victim, 'SIGKILL');
  cluster.signal(replica, 'SIGCONT');
  await eventually('the replica to take over', async () => {
    if ((await cluster.masterOf(keySlot(job.partitions[p]!)).catch(() => 0)) === replica) return true;
    await cluster.nodeCommand(replica, ['CLUSTER', 'FAILOVER', 'TAKEOVER']).catch(() => undefined);
    await sleep(200);
    return undefined;
  });
  expect(producer.produced(), 'the producer was still writing when the master died').toBeLessThan(input.length);
  await producer.finished;

  const logs = await stopAndDrain(job, member);
  expect((await producer.lostAcknowledged()).length, 'acknowledged entries the failover lost').toBeGreaterThan(0);
  expect(logs.some((l) => l.msg === LOST_WRITES), 'the job restarted a partition from the checkpoint Redis kept').toBe(true);
  // What Redis kept is consistent, and the job's sinks are exactly what that input derives.
  await expectExactlyOnce(cluster.client, withPartitionSinks(job), SENSORS);
}, 180_000);
