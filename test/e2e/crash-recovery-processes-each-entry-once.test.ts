// A run killed outright (SIGKILL: no signal handler, commits cut off wherever they are) followed by
// a --drain run reads every entry exactly once across the two: each batch was either committed
// (results, late events, dead letters and the position in one script) or is read again.
//
// Evidence per entry: the dead letters, which depend on nothing but the entry, equal the oracle's
// exactly — none lost, none twice — and the group has read the whole stream once. Windows open at
// the kill are rebuilt by replay, so the window results and late events equal the oracle's too.
// The killed run never released its lease: the recovery takes the partition once it expires (a
// short --lease-ms keeps that wait short).

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli, startCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, groupInfo, pendingCount, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
// batchSize 7: thousands of commits, so the kill lands between or during commits, not after the last.
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-batch-7.ts';
const input = sensorEntries({ seed: 31337, count: 20_000, sensors: 40, stepMs: 5, badEvery: 37 });
const LEASE = ['--lease-ms', '1500'];

test('SIGKILL mid-drain, then --drain: every entry read once, every bad entry dead-lettered exactly once', async () => {
  const job = await loadJob(JOB_FILE);
  const ids = await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));

  const doomed = startCli(['run', JOB_FILE, '--drain', '--redis', server.url, ...LEASE]);
  await eventually('the first run to have committed some batches', async () => ((await server.redis.xlen(job.sinks.deadLetter)) >= 20 || undefined));
  doomed.signal('SIGKILL');
  const killed = await doomed.exited;
  const committedBefore = (await groupInfo(server.redis, 'sensors', 'sensor-stats'))?.get('entries-read');

  const recovery = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, ...LEASE]);
  expect(recovery.code, describeRun(recovery)).toBe(0);
  if (killed.signal === 'SIGKILL') {
    // The recovery read exactly what the killed run had not committed.
    expect(finishedSummary(recovery)['entries']).toBe(input.length - Number(committedBefore));
  }

  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const written = await readSinks(server.redis, job.sinks);
  expect(written.deadLetter.length).toBe(expected.deadLetter.length);
  expect(written.deadLetter).toEqual(expected.deadLetter);
  expect(written.late).toEqual(expected.late);
  expect(written.output).toEqual(expected.output);

  expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(0);
  const info = await groupInfo(server.redis, 'sensors', 'sensor-stats');
  expect(info?.get('last-delivered-id')).toBe(ids.at(-1));
  expect(info?.get('entries-read')).toBe(input.length);
  expect(info?.get('lag')).toBe(0);
});
