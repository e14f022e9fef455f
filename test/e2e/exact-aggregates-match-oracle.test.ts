// range, first, last, variance and standard deviation (population and sample) through Redis equal
// the oracle's, text for text, with windows straddling batch boundaries.

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();

test('every exact aggregate equals the oracle', async () => {
  const file = 'test/e2e/fixtures/sensor-stats-exact.ts';
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 11, count: 2000, sensors: 12 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output.length).toBeGreaterThan(0);
  expect(written.output[0]).toEqual(expect.arrayContaining(['range', 'first', 'last', 'variance', 'stddev', 'sample_variance']));
  expect(written).toEqual({ output: expected.output, late: expected.late, deadLetter: expected.deadLetter });
});
