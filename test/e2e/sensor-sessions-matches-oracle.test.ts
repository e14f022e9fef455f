// examples/sensor-sessions.ts (session gap 5 s, maxDuration 1 min) through Redis: results, late
// events and dead letters equal the oracle exactly, with the default batch size and with batches of 7.
//
//   a sensor's readings:  x x  x x x        x  x x x x x x x … x x x x x   x
//   sessions:             [first ── last + 5 s)   [first ─────────── ≤ 1 min)[next …)
//                                         ↑ a pause ≥ 5 s        ↑ maxDuration cuts a runaway session

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries, T0 } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());

test.each(['examples/sensor-sessions.ts', 'test/e2e/fixtures/sensor-sessions-batch-7.ts'])('%s equals the oracle', async (file) => {
  const job = await loadJob(file);
  // 150 ms between entries over 15 sensors: a sensor reads every ~2.3 s on average, so sessions
  // both pause (≥ 5 s) and run past a minute. The generator's late events are 12–15 s behind the
  // largest time: late unless their sensor has a session open near them.
  const input = sensorEntries({ seed: 23, count: 2500, sensors: 15, stepMs: 150 });
  const fields = input.map((e) => e.fields);
  const lastTs = Math.max(...input.filter((e) => e.intent.kind !== 'bad').map((e) => Number(e.fields[e.fields.indexOf('ts') + 1])));
  // A sensor that never appeared: its sessions are all new, so these are late for sure.
  for (let k = 0; k < 3; k++) fields.push(['sensor', 'quiet-sensor', 'value', '1', 'ts', String(lastTs - 60_000 - k * 10_000)]);
  await xaddAll(server.redis, 'sensors', fields, (i) => `${T0 + 1_000_000 + i}-1`);
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  expect(job.sinks).toEqual({ output: 'sensor-sessions:out', late: 'sensor-sessions:late', deadLetter: 'sensor-sessions:dlq' });
  expect(expected.late.length).toBeGreaterThanOrEqual(3);
  // The data exercises both a pause and maxDuration: short sessions, and sessions cut at a minute.
  const spans = expected.output.map((f) => Number(f[f.indexOf('end') + 1]) - Number(f[f.indexOf('start') + 1]));
  expect(spans.some((s) => s < 30_000)).toBe(true);
  expect(spans.some((s) => s > 55_000)).toBe(true);
  expect(Math.max(...spans)).toBeLessThanOrEqual(60_000);
  expect(await readSinks(server.redis, job.sinks)).toEqual({ output: expected.output, late: expected.late, deadLetter: expected.deadLetter });
});
