// A job restarted with other detector params cannot use the detector states its checkpoint holds
// (states learned under other params would judge differently): the detector starts afresh, and the
// log says so with the params that differ and the fix, instead of saying nothing. The same params
// restore without that warning.

import { expect, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const FILE = 'test/e2e/fixtures/sensor-anomalies-mad-window.ts';
const AFRESH = 'detector state not restored: the detector starts afresh';

async function drain(window: number) {
  const run = await runCli(['run', FILE, '--drain', '--redis', server.url], { env: { EDDY_TEST_MAD_WINDOW: String(window) } });
  expect(run.code, describeRun(run)).toBe(0);
  return run;
}

it('a restart with other detector params warns, names the params, and goes on', { timeout: 120_000 }, async () => {
  const redis = server.redis;
  await server.reset();
  const job = await loadJob(FILE);
  const input = sensorEntries({ seed: 4242, count: 3000, sensors: 10, stepMs: 7, badEvery: 61, lateEvery: 0 });
  await xaddAll(redis, 'sensors', input.slice(0, 1500).map((e) => e.fields));
  const first = await drain(16);
  expect(first.logs.some((l) => l.msg === AFRESH), describeRun(first)).toBe(false);
  expect(await redis.hget(`eddy:${job.name}:checkpoint:{sensors}`, 'dsnap'), 'a detector snapshot was committed').not.toBeNull();

  // The same params: restored, no warning.
  await xaddAll(redis, 'sensors', input.slice(1500, 2000).map((e) => e.fields));
  const same = await drain(16);
  expect(same.logs.some((l) => l.msg === AFRESH), describeRun(same)).toBe(false);

  // Other params: the warning, with what differs and the fix; the run still finishes.
  await xaddAll(redis, 'sensors', input.slice(2000).map((e) => e.fields));
  const other = await drain(32);
  const warning = other.logs.find((l) => l.msg === AFRESH);
  expect(warning, describeRun(other)).toBeDefined();
  expect(String(warning!['detail'])).toContain('window 16 in the snapshot, 32 now');
  expect(String(warning!['advice'])).toContain('detect.params');
  expect(warning!.level).toBe(40);
});
