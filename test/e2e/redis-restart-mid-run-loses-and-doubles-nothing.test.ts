// Redis is restarted under a running job (issue 6, faults): AOF on with `appendfsync always`, a
// producer appending to 4 partitions, and the server stopped and started again on the same port and
// data directory twice — once cleanly (SIGTERM), once as a crash (SIGKILL). The job's reads, commits
// and lease renewals lose their connections; it reconnects and carries on by itself. A commit whose
// reply was lost may or may not have been applied: its retry finds out from the checkpoint's
// sequence number, so nothing is written twice. Then a final --drain: the sinks equal the oracle.
//
//   producer  ══════════════════════════════════════════════▶ (retries while Redis is down)
//   redis     ──────────── ✗ SIGTERM ┈ start ─────────── ✗ SIGKILL ┈ start ──────────────
//   eddy run  ══════════════ reconnect ═════════════════════ reconnect ═══════ all read ─ SIGTERM
//   eddy run --drain                                                                     ══▶ sinks = oracle

import { expect, test } from 'vitest';
import { partitionStream } from '../../src/redis/keys.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { partitionedSensorEntries } from '../support/partitioned-sensors.js';
import { resilientProducer, type StreamEntry } from '../support/resilient-producer.js';
import { useRestartableRedis } from '../support/restartable-redis.js';
import { describeRun, finishedSummary, runCli, startCli, type LogLine } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { eventually, groupInfo } from '../support/stream-io.js';

const server = useRestartableRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const SENSORS = 40;
const input: StreamEntry[] = partitionedSensorEntries(PARTITIONS, { seed: 606, count: 60_000, sensors: SENSORS, stepMs: 5, badEvery: 89, lateEvery: 211 }).map(
  (e) => ({ stream: partitionStream('sensors', e.partition), fields: e.fields }),
);

/** Entries-read of every partition's group, or undefined while Redis cannot answer. */
async function entriesRead(streams: readonly string[], group: string): Promise<number | undefined> {
  try {
    let total = 0;
    for (const s of streams) total += Number((await groupInfo(server.redis, s, group))?.get('entries-read') ?? 0);
    return total;
  } catch {
    return undefined;
  }
}

test('Redis restarted twice under load (SIGTERM, then SIGKILL; AOF always): the job reconnects, carries on, and writes everything exactly once', async () => {
  const job = await loadJob(JOB_FILE);
  const cli = startCli(['run', JOB_FILE, '--redis', server.url, '--workers', '2', '--progress-ms', '0'], { timeoutMs: 150_000 });
  await cli.waitForLog((l) => l.msg === 'job started');
  const producer = resilientProducer(server.redis, input, 200, 10);

  for (const [share, signal] of [[0.3, 'SIGTERM'], [0.65, 'SIGKILL']] as const) {
    await eventually(`the producer to pass ${share * 100}%`, async () => (producer.produced() >= share * input.length) || undefined, 60_000);
    // The job has read and committed some of it: the restart cuts into live reads and commits.
    const before = (await entriesRead(job.partitions, job.group)) ?? 0;
    expect(before).toBeGreaterThan(0);
    await server.stop(signal);
    await new Promise((r) => setTimeout(r, 300));
    await server.start();
    await eventually('the job to make progress after the restart', async () => (((await entriesRead(job.partitions, job.group)) ?? 0) > before) || undefined, 30_000);
  }
  await producer.finished;
  await eventually('the job to read every entry', async () => ((await entriesRead(job.partitions, job.group)) === input.length) || undefined, 60_000);
  cli.signal('SIGTERM');
  const run = await cli.exited;
  expect(run.code, describeRun(run)).toBe(0);
  expect(finishedSummary(run)['leases'], 'the job kept its partitions through both restarts').toMatchObject({ lost: 0 });

  const drain = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url], { timeoutMs: 60_000 });
  expect(drain.code, describeRun(drain)).toBe(0);
  await expectExactlyOnce(server.redis, job, SENSORS);
  const noticed = run.logs.filter((l: LogLine) => typeof l.msg === 'string' && /^commit|lease bookkeeping/.test(l.msg));
  console.info(`restart test: producer retried ${producer.retries()} bursts; eddy logged ${noticed.length} commit/lease notices: ${[...new Set(noticed.map((l) => l.msg))].join(' | ')}`);
}, 180_000);
