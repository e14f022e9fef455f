// SIGTERM while commits cannot complete (CLIENT PAUSE WRITE holds every script in Redis): eddy waits
// 2.5 s for its partitions to commit what is in flight, then terminates its threads, tries to release
// its leases for at most 0.5 s and exits 0 within 5 s, saying it stopped them by force. Nothing is
// lost or doubled: a commit held in Redis is applied whole or not at all, and what was not committed
// is read again — a --drain afterwards writes every dead letter exactly once.

import { expect, onTestFinished, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli, startCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, groupInfo, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
// batchSize 7: thousands of commits, so one is in flight when Redis stops taking writes.
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-batch-7.ts';
const LEASE = ['--lease-ms', '2000'];
const input = sensorEntries({ seed: 4711, count: 30_000, sensors: 40, stepMs: 5, badEvery: 37 });

test('SIGTERM with commits stuck in Redis: forced stop, exit 0 within 5 s, every entry still processed once', async () => {
  const job = await loadJob(JOB_FILE);
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  const cli = startCli(['run', JOB_FILE, '--redis', server.url, ...LEASE]);
  await eventually('the job to be busy', async () => ((await server.redis.xlen(job.sinks.deadLetter)) >= 20 || undefined));

  await server.redis.client('PAUSE', 8000, 'WRITE');
  onTestFinished(async () => void (await server.redis.client('UNPAUSE')));
  await new Promise((r) => setTimeout(r, 300));
  const signalledAt = Date.now();
  cli.signal('SIGTERM');
  const run = await cli.exited;
  const exitMs = Date.now() - signalledAt;
  await server.redis.client('UNPAUSE');
  expect(run.code, describeRun(run)).toBe(0);
  expect(exitMs, 'SIGTERM to exit, ms').toBeLessThan(5000);
  expect(run.logs.some((l) => l.msg?.startsWith('partitions did not stop in time')), describeRun(run)).toBe(true);
  expect(run.logs.at(-1)?.msg).toBe('job finished');

  // The stopped process's lease either was released or expires; the drain waits for it either way.
  const drain = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, ...LEASE]);
  expect(drain.code, describeRun(drain)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  expect((await readSinks(server.redis, job.sinks)).deadLetter).toEqual(expected.deadLetter);
  expect((await groupInfo(server.redis, 'sensors', job.group))?.get('entries-read')).toBe(input.length);
});
