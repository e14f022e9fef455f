// The same input drained with batchSize 7 (hundreds of batches, windows and late events straddling
// batch boundaries) writes exactly what the example with its default batch size writes: results,
// late events and dead letters are a function of the input, not of where batches are cut.

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries, T0 } from '../support/sensor-data.js';
import { pendingCount, readRaw, readSinks, xaddAll, type WrittenSinks } from '../support/stream-io.js';

const server = useRedisServer();
const input = sensorEntries({ seed: 7, count: 2500, sensors: 30 });
// Explicit IDs, so both runs see byte-identical input, source IDs included. Their times lie after
// every event time (as Redis' own would), so only the far-future case is out of the time bounds.
const idOf = (i: number): string => `${T0 + 1_000_000 + i}-1`;

beforeEach(() => server.reset());

async function drain(jobFile: string): Promise<WrittenSinks> {
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields), idOf);
  const run = await runCli(['run', jobFile, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  expect(finishedSummary(run)['entries']).toBe(input.length);
  expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(0);
  return readSinks(server.redis, { output: 'sensor-stats:out', late: 'sensor-stats:late', deadLetter: 'sensor-stats:dlq' });
}

test('batchSize 7 writes the same results, late events and dead letters as the default batch size, and as the oracle', async () => {
  const job = await loadJob('test/e2e/fixtures/sensor-stats-batch-7.ts');
  expect(job.batchSize).toBe(7);

  const small = await drain('test/e2e/fixtures/sensor-stats-batch-7.ts');
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  await server.reset();
  const large = await drain('examples/sensor-stats.ts');

  expect(small.late.length).toBeGreaterThan(0);
  expect(small.deadLetter.length).toBeGreaterThan(0);
  expect(small.output).toEqual(large.output);
  expect(small.late).toEqual(large.late);
  expect(small.deadLetter).toEqual(large.deadLetter);
  expect(small.output).toEqual(expected.output);
  expect(small.late).toEqual(expected.late);
  expect(small.deadLetter).toEqual(expected.deadLetter);
});
