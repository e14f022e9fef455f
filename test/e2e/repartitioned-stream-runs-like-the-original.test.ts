// The repartition stage turns one unpartitioned stream into a job's partitions: producers write
// `sensors-raw` with no knowledge of P; `eddy repartition <job> --from sensors-raw --drain` copies
// every entry, unchanged and under its own ID, to the partition of its key (the producer's hash),
// entries without a usable key to the stage's dead-letter stream with the reason; then the
// 8-partition job, run with --drain, writes exactly what the oracle computes from the original
// stream routed by key — results, late events and the job's own dead letters (entries with a key
// but a bad value or time) — and the source's consumer group has no lag.
//
//   sensors-raw ──repartition──▶ sensors:{sensors:0} … sensors:{sensors:7} ──eddy run──▶ sinks = oracle
//               └─ no key / two keys ──▶ sensors-raw:repartition-dlq (reason, detail, source_id)

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readSinks, xaddAll } from '../support/stream-io.js';
import { expectRepartitioned } from '../support/repartition-oracle.js';
import { partitionOfKey } from '../../src/producer/partitioned-producer.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-8-partitions.ts';
const FROM = 'sensors-raw';
const input = sensorEntries({ seed: 808, count: 20_000, sensors: 40, stepMs: 10, badEvery: 37, lateEvery: 151 });

/** A record's partition by its `sensor` field (late events and the job's dead letters keep the original fields). */
function partitionOfRecord(record: readonly string[], partitions: number): number {
  const at = record.indexOf('sensor');
  if (at < 0 || at % 2 !== 0) throw new Error(`record without a sensor field: ${record.join(' ')}`);
  return partitionOfKey(record[at + 1]!, partitions);
}

test('repartition --drain, then the job --drain: sinks equal the oracle of the original stream routed by key', async () => {
  const job = await loadJob(JOB_FILE);
  const P = job.partitions.length;
  await xaddAll(server.redis, FROM, input.map((e) => e.fields));

  const stage = await runCli(['repartition', JOB_FILE, '--from', FROM, '--drain', '--redis', server.url, '--batch-size', '500'], { timeoutMs: 120_000 });
  expect(stage.code, describeRun(stage)).toBe(0);
  const summary = stage.logs.find((l) => l.msg === 'repartition finished');
  expect(summary, describeRun(stage)).toBeDefined();
  expect(summary!['entries']).toBe(input.length);
  expect(summary!['present'], 'entries re-sent: none on a first run').toBe(0);

  const routed = await expectRepartitioned(server.redis, job, FROM, `${FROM}:repartition-dlq`, `${job.name}-repartition`);
  expect(routed.deadLetter.length, 'key-less entries in the input').toBeGreaterThan(0);
  expect(routed.partitions.every((entries) => entries.length > 0), 'every partition gets entries').toBe(true);

  const run = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, '--progress-ms', '0'], { timeoutMs: 120_000 });
  expect(run.code, describeRun(run)).toBe(0);
  const written = await readSinks(server.redis, job.sinks);
  let windows = 0;
  for (let p = 0; p < P; p++) {
    const expected = expectedSinks(job, routed.partitions[p]!);
    expect(written.deadLetter.filter((r) => partitionOfRecord(r, P) === p), `partition ${p} dead letters`).toEqual(expected.deadLetter);
    expect(written.late.filter((r) => partitionOfRecord(r, P) === p), `partition ${p} late events`).toEqual(expected.late);
    expect(written.output.filter((r) => partitionOfKey(r[1]!, P) === p), `partition ${p} window results`).toEqual(expected.output);
    windows += expected.output.length;
  }
  expect(windows).toBeGreaterThan(0);
  expect(written.late.length, 'late events in the input').toBeGreaterThan(0);
  expect(written.deadLetter.length, 'entries with a key but a bad value or time').toBeGreaterThan(0);
}, 240_000);
