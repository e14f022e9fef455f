// The exactly-once chaos test (issue 6): 200,000 entries, some bad and some late, produced while
// three `eddy run` processes of the same job run and a driver kills (SIGKILL, then restarts) or
// pauses (SIGSTOP past the lease, then SIGCONT) one of them every fraction of a second, 20+ times;
// then a final `--drain` finishes. The output, late and dead-letter streams must equal a single
// failure-free run's exactly — nothing missing, nothing twice, in order — and nothing is pending.
// On examples/sensor-stats.ts itself (one partition: the processes take it over from each other)
// and on a 4-partition variant (the processes share the partitions and take them over).

import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { sensorEntries } from '../support/sensor-data.js';
import { xaddAll } from '../support/stream-io.js';
import {
  countsPerPartition, partitionedSensorEntries, steadyProducer, type PartitionedEntry,
} from '../support/partitioned-sensors.js';
import type { Redis } from 'ioredis';
import { runChaos } from '../support/chaos-driver.js';

const server = useRedisServer();

/** steadyProducer for the plain stream `sensors`. */
function plainProducer(redis: Redis, entries: readonly string[][], burst: number): { readonly finished: Promise<void> } {
  const finished = (async () => {
    for (let at = 0; at < entries.length; at += burst) {
      await xaddAll(redis, 'sensors', entries.slice(at, at + burst));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return { finished };
}
const COUNT = 200_000;
const LEASE_MS = 1000;
const SENSORS = 40;

describe('chaos: kills and pauses of 3 processes, then a drain', () => {
  it.each([
    ['examples/sensor-stats.ts', 1],
    ['test/e2e/fixtures/sensor-stats-partitioned.ts', 4],
  ])('%s: sinks equal one failure-free run exactly', async (file, partitions) => {
    await server.reset();
    const job = await loadJob(file);
    const options = { seed: 4711 + partitions, count: COUNT, sensors: SENSORS, stepMs: 2, badEvery: 211, lateEvery: 307 };
    const input = partitions === 1 ? sensorEntries(options).map((e) => e.fields as string[]) : partitionedSensorEntries(partitions, options);
    const args = ['run', file, '--redis', server.url, '--lease-ms', String(LEASE_MS), '--progress-ms', '0'];

    // About 20 s of input: the disruptions land while entries arrive and windows are open.
    const producer =
      partitions === 1 ? plainProducer(server.redis, input as string[][], 500) : steadyProducer(server.redis, input as PartitionedEntry[], 500);
    const chaos = await runChaos({ args, processes: 3, leaseMs: LEASE_MS, disruptions: 22, everyMs: 700, seed: 99 + partitions });
    await producer.finished;
    for (const p of chaos.survivors) p.signal('SIGTERM');
    await Promise.all(chaos.survivors.map((p) => p.exited));
    expect(chaos.kills + chaos.pauses).toBeGreaterThanOrEqual(20);

    const last = await runCli(['run', file, '--drain', '--redis', server.url, '--lease-ms', String(LEASE_MS), '--progress-ms', '0'], { timeoutMs: 120_000 });
    expect(last.code, describeRun(last)).toBe(0);

    if (partitions > 1) expect(countsPerPartition(input as PartitionedEntry[], partitions).reduce((a, b) => a + b)).toBe(COUNT);
    // Sinks equal the oracle per partition, in order; nothing pending; every group read to its end.
    await expectExactlyOnce(server.redis, job, SENSORS);
  }, 240_000);
});
