// Quantiles (DDSketch), distinct counts (HyperLogLog) and top-k (Space-Saving) through Redis equal
// what the TypeScript reference sketches give on each window's events, text for text; and
// examples/sensor-quantiles.ts writes its contract's fields.

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();

/**
 * Quantile texts rounded to 12 significant digits on both sides: the bin's value estimate
 * 2·γ^i/(γ+1) goes through pow/exp, whose last bit differs between AssemblyScript's libm and V8's.
 * Bins (and so the ranks) are the same; the kernel tests hold the two sketches bin for bin.
 */
function roundQuantiles(records: string[][], fields: readonly string[]): string[][] {
  return records.map((r) => r.map((v, i) => (i % 2 === 1 && fields.includes(r[i - 1]!) && v !== 'NaN' ? Number(v).toPrecision(12) : v)));
}

// Hopping windows merge their panes' sketches: DDSketch bins add and HyperLogLog registers take the
// maximum, which is the sketch of every event; top-k's 64 counters never evict the few sites here,
// so the merged counts are exact too.
test.each([
  ['tumbling', 'test/e2e/fixtures/sensor-sketches.ts'],
  ['hopping', 'test/e2e/fixtures/sensor-sketches-hopping.ts'],
])('%s windows: quantiles, distinct and top-k equal the reference sketches per window', async (_kind, file) => {
  await server.reset();
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 5, count: 3000, sensors: 6 });
  // A site for most entries: a few heavy ones and a long tail; every 7th entry has none.
  const sites = input.map((e, i) => (i % 7 === 0 ? [] : ['site', i % 3 === 0 ? 'north' : i % 5 === 0 ? 'south' : `site-${i % 40}`]));
  await xaddAll(server.redis, 'sensors', input.map((e, i) => [...e.fields, ...sites[i]!]));
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output.length).toBeGreaterThan(10);
  const q = ['p0', 'p50', 'p99', 'p999_coarse'];
  expect(roundQuantiles(written.output, q)).toEqual(roundQuantiles(expected.output, q));
  expect(written.deadLetter).toEqual(expected.deadLetter);
  const top = JSON.parse(written.output[0]![written.output[0]!.indexOf('top_sites') + 1]!) as { value: string }[];
  expect(top.map((t) => t.value)).toContain('north');
});

test('examples/sensor-quantiles.ts writes key, start, end, count, p50, p90, p99, stddev, variance', async () => {
  await server.reset();
  const job = await loadJob('examples/sensor-quantiles.ts');
  const input = sensorEntries({ seed: 9, count: 1500, sensors: 8 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  const run = await runCli(['run', 'examples/sensor-quantiles.ts', '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const written = await readSinks(server.redis, job.sinks);
  const names = written.output[0]!.filter((_, i) => i % 2 === 0);
  expect(names).toEqual(['key', 'start', 'end', 'count', 'p50', 'p90', 'p99', 'stddev', 'variance']);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const q = ['p50', 'p90', 'p99'];
  expect(roundQuantiles(written.output, q)).toEqual(roundQuantiles(expected.output, q));
  expect({ late: written.late, deadLetter: written.deadLetter }).toEqual({ late: expected.late, deadLetter: expected.deadLetter });
  expect(job.sinks).toEqual({ output: 'sensor-quantiles:out', late: 'sensor-quantiles:late', deadLetter: 'sensor-quantiles:dlq' });
});
