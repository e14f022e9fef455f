// examples/sensor-hopping.ts (hopping 30 s / 10 s) through Redis: results, late events and dead
// letters equal the oracle exactly, with the default batch size and with batches of 7.

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries, T0 } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());

test.each(['examples/sensor-hopping.ts', 'test/e2e/fixtures/sensor-hopping-batch-7.ts'])('%s equals the oracle', async (file) => {
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 17, count: 2500, sensors: 15 });
  // The generator's late events are 12–15 s behind: late for 10 s windows, not for 30 s ones. Add
  // a few a minute behind the last entry, which every window containing them has passed.
  const fields = input.map((e) => e.fields);
  const lastTs = Math.max(...input.filter((e) => e.intent.kind !== 'bad').map((e) => Number(e.fields[e.fields.indexOf('ts') + 1])));
  for (let k = 0; k < 3; k++) fields.push(['sensor', `sensor-${k}`, 'value', '1', 'ts', String(lastTs - 60_000 - k)]);
  await xaddAll(server.redis, 'sensors', fields, (i) => `${T0 + 1_000_000 + i}-1`);
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  expect(expected.output.length).toBeGreaterThan(0);
  expect(expected.late.length).toBeGreaterThan(0);
  expect(job.sinks).toEqual({ output: 'sensor-hopping:out', late: 'sensor-hopping:late', deadLetter: 'sensor-hopping:dlq' });
  expect(await readSinks(server.redis, job.sinks)).toEqual({ output: expected.output, late: expected.late, deadLetter: expected.deadLetter });
  const first = (await readSinks(server.redis, job.sinks)).output[0]!;
  expect(Number(first[first.indexOf('end') + 1]) - Number(first[first.indexOf('start') + 1])).toBe(30_000);
});
