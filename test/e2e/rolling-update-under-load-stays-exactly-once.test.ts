// A rolling update under load, the way a Kubernetes Deployment does it with maxSurge 1 and
// maxUnavailable 0: two replicas of an 8-partition job run while a producer writes; a new replica
// is started, and once it holds its share an old one gets SIGTERM and must exit 0; repeated until
// both original replicas are replaced. Then the producer stops and a final --drain finishes. The
// sinks equal the oracle exactly and nothing is pending.
//
// "No gap over a stated bound": a watcher polls every lease key every 20 ms; a partition is
// uncovered while its lease is absent or names a process that has exited. The longest uncovered
// stretch must stay below half the lease TTL (5 s of a 10 s TTL). Why that bound follows from the
// design: SIGTERM releases each lease right after its partition's last commit, and a shrinking
// share releases its extras the same way, so a successor waits only for its next lease poll
// (TTL/10, at most 1 s) — never for the lease to expire. A stop that left its leases to expire would
// leave its partitions uncovered for at least 2/3 of the TTL (leases are renewed every TTL/3), over
// the bound; the bound is generous otherwise, so the assertion is about the clean hand-over, not speed.
//
//   A B ── +C ── C has its share ── SIGTERM A (exit 0) ── +D ── D has its share ── SIGTERM B (exit 0)
//       ── producer stops ── C D read to the end, SIGTERM ── --drain ── sinks = oracle

import { expect, onTestFinished, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli, startCli, type CliProcess } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import {
  allRead, countsPerPartition, heldBy, leaseHolders, ownerOf, partitionedSensorEntries, steadyProducer,
} from '../support/partitioned-sensors.js';
import { eventually, groupInfo } from '../support/stream-io.js';
import { watchLeaseGaps } from '../support/lease-gap-watch.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-8-partitions.ts';
const PARTITIONS = 8;
const SENSORS = 40;
const LEASE_MS = 10_000;
/** The stated bound on a partition's time without a living holder during the rollout: half the lease TTL. */
const GAP_BOUND_MS = LEASE_MS / 2;
const REPLACEMENTS = 2;
/** More than the rollout needs: the producer is stopped when the rollout is over. */
const input = partitionedSensorEntries(PARTITIONS, { seed: 31, count: 300_000, sensors: SENSORS, stepMs: 2, badEvery: 199, lateEvery: 293 });

interface Replica {
  readonly process: CliProcess;
  readonly owner: string;
}

test('two replicas replaced one at a time under load: exactly once, no partition uncovered for half a lease TTL', async () => {
  const job = await loadJob(JOB_FILE);
  const args = ['run', JOB_FILE, '--redis', server.url, '--lease-ms', String(LEASE_MS), '--progress-ms', '0'];
  const gone = new Set<string>();
  const start = async (): Promise<Replica> => {
    // Start-up is slow on a loaded two-core machine (tens of seconds seen): wait for it generously.
    const process = startCli(args, { timeoutMs: 300_000 });
    await process.waitForLog((l) => l.msg === 'job started', 120_000);
    const r = { process, owner: ownerOf(process.logs()) };
    void process.exited.then(() => gone.add(r.owner));
    return r;
  };
  /** Every partition held, and each of `replicas` holding its fair share (⌊P/M⌋ or ⌈P/M⌉): the Deployment has settled. */
  const settled = async (replicas: readonly Replica[]): Promise<true | undefined> => {
    const holders = await leaseHolders(server.redis, job);
    if (holders.some((h) => h === undefined)) return undefined;
    const floor = Math.floor(PARTITIONS / replicas.length);
    for (const r of replicas) if (holders.filter((h) => h === r.owner).length < floor) return undefined;
    return true;
  };

  let replicas = [await start(), await start()];
  await eventually('the first two replicas to split the partitions', () => settled(replicas), 60_000);
  const producer = steadyProducer(server.redis, input, 200);
  onTestFinished(() => producer.stop());
  await eventually('both replicas to be busy', async () => {
    for (let p = 0; p < PARTITIONS; p++) if (Number((await groupInfo(server.redis, job.partitions[p]!, job.group))?.get('entries-read')) < 500) return undefined;
    return true;
  }, 60_000);

  const watch = watchLeaseGaps(server.redis, job, (owner) => gone.has(owner));
  onTestFinished(() => watch.stop().then(() => {}));
  for (let step = 0; step < REPLACEMENTS; step++) {
    // maxSurge 1: the new pod comes up and becomes ready (holds partitions) before an old one goes.
    const fresh = await start();
    await eventually(`replacement ${step + 1} to hold its share`, () => settled([...replicas, fresh]), 60_000);
    const [old, ...rest] = replicas;
    old!.process.signal('SIGTERM');
    const stopped = await old!.process.exited;
    expect(stopped.code, `replaced replica ${step + 1}: ${describeRun(stopped)}`).toBe(0);
    expect(await heldBy(server.redis, job, old!.owner), 'leases still naming a replica that exited').toEqual([]);
    replicas = [...rest, fresh];
    await eventually(`the survivors to settle after replacement ${step + 1}`, () => settled(replicas), 60_000);
  }
  const gaps = await watch.stop();
  console.log(`rollout: ${REPLACEMENTS} replacements, ${gaps.handOvers} hand-overs, longest time a partition had no living holder ${gaps.longestGapMs.toFixed(0)} ms (partition ${gaps.longestGapPartition}), ${gaps.polls} polls`);
  expect(gaps.uncoveredAtStop, 'partitions without a holder after the rollout').toEqual([]);
  expect(gaps.handOvers, 'partitions that changed hands (each replacement moves some)').toBeGreaterThanOrEqual(REPLACEMENTS * 2);
  expect(gaps.longestGapMs, `longest time a partition had no living holder, ms (bound: half the lease TTL, ${GAP_BOUND_MS} ms)`).toBeLessThan(GAP_BOUND_MS);

  await producer.stop();
  const produced = input.slice(0, producer.produced());
  const counts = countsPerPartition(produced, PARTITIONS);
  await eventually('every partition to be read to its end', async () => (await allRead(server.redis, job, counts)) || undefined, 90_000);
  for (const r of replicas) r.process.signal('SIGTERM');
  for (const r of replicas) {
    const run = await r.process.exited;
    expect(run.code, describeRun(run)).toBe(0);
  }
  const last = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, '--lease-ms', String(LEASE_MS), '--progress-ms', '0'], { timeoutMs: 120_000 });
  expect(last.code, describeRun(last)).toBe(0);
  await expectExactlyOnce(server.redis, job, SENSORS);
}, 300_000);
