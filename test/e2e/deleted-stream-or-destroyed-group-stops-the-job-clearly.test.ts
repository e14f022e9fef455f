// The input stream deleted, or the consumer group destroyed, under a running job (issue 6, faults).
// eddy does not guess what the operator meant (start over? a mistake?): the partition stops with an
// error naming what is gone and what to do, the process exits 1, and nothing is half-written — the
// commit script checks the stream and the group before its first write, and an idle partition
// notices within a second or so. A destroyed group is repaired by a restart (it re-creates the group
// and the next commit moves it to the committed position); the result is exactly the oracle's.
//
//   producer  ═══════════════════════════════════════════▶
//   eddy run  ══════════════ XGROUP DESTROY ─ commit refused ─ exit 1 (names the group)
//   eddy run --drain                                              ══════ re-created ══▶ sinks = oracle

import { beforeEach, expect, test } from 'vitest';
import { checkpointKey } from '../../src/redis/keys.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { resilientProducer, type StreamEntry } from '../support/resilient-producer.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli, startCli } from '../support/run-cli.js';
import { closedOutput, expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, groupInfo, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());
const JOB_FILE = 'examples/sensor-stats.ts';
const SENSORS = 20;
const input = sensorEntries({ seed: 5150, count: 20_000, sensors: SENSORS, stepMs: 10, badEvery: 97, lateEvery: 173 });

const entriesRead = async (): Promise<number> => Number((await groupInfo(server.redis, 'sensors', 'sensor-stats'))?.get('entries-read') ?? 0);

test('the consumer group destroyed while entries arrive: exit 1 naming the group; a restart re-creates it and the output is exactly the oracle', async () => {
  const job = await loadJob(JOB_FILE);
  const cli = startCli(['run', JOB_FILE, '--redis', server.url, '--progress-ms', '0'], { timeoutMs: 60_000 });
  await cli.waitForLog((l) => l.msg === 'job started');
  const entries: StreamEntry[] = input.map((e) => ({ stream: 'sensors', fields: e.fields }));
  const producer = resilientProducer(server.redis, entries, 100, 20);
  await eventually('a third of the input to be read', async () => ((await entriesRead()) >= input.length / 3) || undefined);

  await server.redis.xgroup('DESTROY', 'sensors', 'sensor-stats');
  const run = await cli.exited;
  expect(run.code, describeRun(run)).toBe(1);
  expect(run.stderr).toContain('consumer group "sensor-stats" no longer exists on "sensors"');
  expect(run.stderr).toContain('Restart the job');
  await producer.finished;

  const rerun = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url], { timeoutMs: 60_000 });
  expect(rerun.code, describeRun(rerun)).toBe(0);
  await expectExactlyOnce(server.redis, job, SENSORS);
});

test('the input stream deleted while the job is idle: exit 1 naming the stream; what was committed before is exactly the oracle\'s', async () => {
  const job = await loadJob(JOB_FILE);
  const cli = startCli(['run', JOB_FILE, '--redis', server.url, '--progress-ms', '0'], { timeoutMs: 60_000 });
  await cli.waitForLog((l) => l.msg === 'job started');
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  await eventually('every entry to be read', async () => ((await entriesRead()) === input.length) || undefined);
  const before = await readRaw(server.redis, 'sensors');
  const checkpoint = await server.redis.hgetall(checkpointKey(job.name, 'sensors'));

  await server.redis.del('sensors');
  const deletedAt = Date.now();
  const run = await cli.exited;
  expect(run.code, describeRun(run)).toBe(1);
  expect(Date.now() - deletedAt, 'noticed while idle, within a few seconds').toBeLessThan(10_000);
  expect(run.stderr).toContain('input stream "sensors" no longer exists');
  expect(run.stderr).toContain(checkpointKey(job.name, 'sensors'));

  // Nothing was written after the deletion: the sinks are what a run over the old input commits.
  expect(await server.redis.hgetall(checkpointKey(job.name, 'sensors'))).toEqual(checkpoint);
  const expected = expectedSinks(job, before);
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output).toEqual(closedOutput(expected));
  expect(written.late).toEqual(expected.late);
  expect(written.deadLetter).toEqual(expected.deadLetter);
});
