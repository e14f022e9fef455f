// A job over 4 partitions gives the same results whether one worker thread or two process them.
// Each partition's records appear in a deterministic order (its own oracle's order); with one
// output stream for all partitions, how partitions interleave may differ, so records are compared
// per partition (outputs by key, late events and dead letters by the `p` field every entry carries).

import { beforeEach, expect, test } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { partitionStream } from '../../src/redis/keys.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob, type ExpectedSinks } from '../support/sensor-oracle.js';
import { sensorEntries, sensorName, T0 } from '../support/sensor-data.js';
import { pendingCount, readRaw, readSinks, xaddAll, type WrittenSinks } from '../support/stream-io.js';

const PARTITIONS = 4;
const SENSORS = 32;
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';

const server = useRedisServer();

// Sensor k lives in partition k mod 4; entries without a sensor go by their index. Every entry
// carries its partition in a field `p`, which late events and dead letters copy.
const partitionOfSensor = new Map(Array.from({ length: SENSORS }, (_, k) => [sensorName(k), k % PARTITIONS]));
const raw = sensorEntries({ seed: 4242, count: 4000, sensors: SENSORS, stepMs: 15 });
const partitionOf = (i: number): number => {
  const s = raw[i]!.sensor;
  return s === undefined ? i % PARTITIONS : partitionOfSensor.get(s)!;
};
const input = raw.map((e, i) => [...e.fields, 'p', String(partitionOf(i))]);

beforeEach(() => server.reset());

interface PerPartition {
  readonly output: string[][][];
  readonly late: string[][][];
  readonly deadLetter: string[][][];
}

/** Records split by partition, each partition's in stream order. */
function split(sinks: WrittenSinks): PerPartition {
  const empty = (): string[][][] => Array.from({ length: PARTITIONS }, () => []);
  const out: PerPartition = { output: empty(), late: empty(), deadLetter: empty() };
  for (const r of sinks.output) out.output[partitionOfSensor.get(r[1]!)!]!.push(r);
  for (const r of sinks.late) out.late[Number(r[r.indexOf('p') + 1])]!.push(r);
  for (const r of sinks.deadLetter) out.deadLetter[Number(r[r.indexOf('p') + 1])]!.push(r);
  return out;
}

async function drainWith(job: ResolvedJob, workers: number): Promise<{ written: PerPartition; expected: ExpectedSinks[] }> {
  for (let p = 0; p < PARTITIONS; p++) {
    const mine = input.flatMap((fields, i) => (partitionOf(i) === p ? [{ fields, i }] : []));
    // Explicit IDs (the global index): both runs see byte-identical partitions, source IDs included.
    await xaddAll(server.redis, partitionStream('sensors', p), mine.map((m) => m.fields), (k) => `${T0 + 1_000_000 + mine[k]!.i}-0`);
  }
  const run = await runCli(['run', JOB_FILE, '--drain', '--workers', String(workers), '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const summary = finishedSummary(run);
  expect(summary['workers']).toBe(workers);
  expect(summary['entries']).toBe(input.length);
  const expected: ExpectedSinks[] = [];
  for (let p = 0; p < PARTITIONS; p++) {
    const stream = partitionStream('sensors', p);
    expect(await pendingCount(server.redis, stream, 'sensor-stats'), `pending on ${stream}`).toBe(0);
    expected.push(expectedSinks(job, await readRaw(server.redis, stream)));
  }
  return { written: split(await readSinks(server.redis, job.sinks)), expected };
}

test('--workers 1 and --workers 2 write the same records per partition, each partition in its oracle order', async () => {
  const job = await loadJob(JOB_FILE);
  expect(job.partitions).toEqual(Array.from({ length: PARTITIONS }, (_, p) => `sensors:{sensors:${p}}`));

  const one = await drainWith(job, 1);
  await server.reset();
  const two = await drainWith(job, 2);

  for (let p = 0; p < PARTITIONS; p++) {
    expect(one.written.output[p]!.length, `partition ${p} results`).toBeGreaterThan(0);
    expect(one.written.output[p], `partition ${p} results, 1 worker`).toEqual(one.expected[p]!.output);
    expect(one.written.late[p], `partition ${p} late, 1 worker`).toEqual(one.expected[p]!.late);
    expect(one.written.deadLetter[p], `partition ${p} dead letters, 1 worker`).toEqual(one.expected[p]!.deadLetter);
    expect(two.written.output[p], `partition ${p} results, 2 workers`).toEqual(one.written.output[p]);
    expect(two.written.late[p], `partition ${p} late, 2 workers`).toEqual(one.written.late[p]);
    expect(two.written.deadLetter[p], `partition ${p} dead letters, 2 workers`).toEqual(one.written.deadLetter[p]);
  }
  expect(one.written.late.flat().length).toBeGreaterThan(0);
});
