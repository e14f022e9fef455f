// The exactly-once chaos test (issue 6) on a Redis Cluster (3 masters on loopback): 40,000 entries,
// some bad and some late, into 4 partitions spread over the three masters, produced while three
// `eddy run` processes of the job run and a driver kills (SIGKILL, then restarts) or pauses (SIGSTOP
// past the lease, then SIGCONT) one of them, 10+ times; then a final --drain. Every partition's own
// sinks (`sensor-stats:out:{sensors:p}` …) must equal a failure-free run's exactly, nothing pending.
// Shorter than the single-node one (which runs 200,000 entries and 22 disruptions).

import { expect, it } from 'vitest';
import { withPartitionSinks } from '../../src/redis/keys.js';
import { useRedisCluster } from '../support/redis-cluster.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { partitionedSensorEntries, steadyProducer } from '../support/partitioned-sensors.js';
import { runChaos } from '../support/chaos-driver.js';

const cluster = useRedisCluster({ masters: 3, replicas: 0 });
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const COUNT = 40_000;
const LEASE_MS = 1000;
const SENSORS = 40;

it('kills and pauses of 3 processes on a cluster, then a drain: sinks equal one failure-free run exactly', async () => {
  const job = await loadJob(JOB_FILE);
  const input = partitionedSensorEntries(4, { seed: 4715, count: COUNT, sensors: SENSORS, stepMs: 2, badEvery: 211, lateEvery: 307 });
  const args = ['run', JOB_FILE, '--redis', cluster.url, '--lease-ms', String(LEASE_MS), '--progress-ms', '0'];

  const producer = steadyProducer(cluster.client, input, 400);
  const chaos = await runChaos({ args, processes: 3, leaseMs: LEASE_MS, disruptions: 10, everyMs: 700, seed: 7 });
  await producer.finished;
  for (const p of chaos.survivors) p.signal('SIGTERM');
  await Promise.all(chaos.survivors.map((p) => p.exited));
  expect(chaos.kills + chaos.pauses).toBeGreaterThanOrEqual(10);

  const last = await runCli(['run', JOB_FILE, '--drain', '--redis', cluster.url, '--lease-ms', String(LEASE_MS), '--progress-ms', '0'], { timeoutMs: 90_000 });
  expect(last.code, describeRun(last)).toBe(0);
  await expectExactlyOnce(cluster.client, withPartitionSinks(job), SENSORS);
}, 180_000);
