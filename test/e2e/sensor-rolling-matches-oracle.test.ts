// examples/sensor-rolling.ts (last 10 s, at most 50 events, out-of-orderness 2 s) through Redis:
// one result per accepted reading, late readings and dead letters equal the oracle exactly, with
// the default batch size and with batches of 7.
//
//   a sensor's readings:   x  x x   x  x x x  x   x
//   the reading at t:         [t − 10 s ─────── t]   its sensor's readings in there (≤ 50, the newest)

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries, T0 } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());

test.each(['examples/sensor-rolling.ts', 'test/e2e/fixtures/sensor-rolling-batch-7.ts'])('%s equals the oracle', async (file) => {
  const job = await loadJob(file);
  // 40 ms between entries over 3 sensors: ~25 readings per sensor in 10 s, and one sensor, read
  // every 80 ms, reaches the 50-event bound. The generator's late readings are 12–15 s behind.
  const input = sensorEntries({ seed: 31, count: 3000, sensors: 3, stepMs: 40 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields), (i) => `${T0 + 1_000_000 + i}-1`);
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  expect(job.sinks).toEqual({ output: 'sensor-rolling:out', late: 'sensor-rolling:late', deadLetter: 'sensor-rolling:dlq' });
  expect(expected.late.length).toBeGreaterThan(0);
  expect(expected.deadLetter.length).toBeGreaterThan(0);
  // One result per accepted reading; windows cut by time and by the 50-event bound both occur.
  const accepted = input.length - expected.late.length - expected.deadLetter.length;
  expect(expected.output.length).toBe(accepted);
  const counts = expected.output.map((f) => Number(f[f.indexOf('count') + 1]));
  expect(Math.max(...counts)).toBe(50);
  expect(counts.filter((c) => c > 1 && c < 50).length).toBeGreaterThan(100);
  expect(await readSinks(server.redis, job.sinks)).toEqual({ output: expected.output, late: expected.late, deadLetter: expected.deadLetter });
});
