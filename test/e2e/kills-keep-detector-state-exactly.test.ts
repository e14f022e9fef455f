// Detector states survive a takeover. Three SIGKILLs mid-drain, then a drain: the anomaly fields
// written equal one uninterrupted run's, record for record (every judged value is written, so a key
// whose detector restarted afresh would show at once in its warmup flags and scores).
//
// - On events: each checkpoint carries a snapshot of every key's detector state (taken every
//   detect.snapshotEvery); a successor restores it and re-judges the entries since without writing
//   their events again.
// - On window results: every commit whose batch judged window results carries every key's state (so
//   the snapshot is always the committed position's); a successor restores it before replaying, and
//   results muted on replay never reach the restored detector (tumbling and rolling windows).

import { describe, expect, it } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { killsMidDrain } from '../support/kills-mid-drain.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectedEventAnomalies, expectedWindowAnomalies } from '../support/anomaly-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readFieldLists, readRaw, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
type Oracle = (job: ResolvedJob, entries: Awaited<ReturnType<typeof readRaw>>) => unknown[];

describe.each<[string, string, Parameters<typeof sensorEntries>[0], Oracle]>([
  ['events', 'test/e2e/fixtures/sensor-anomalies-snapshots.ts', { seed: 8080, count: 12_000, sensors: 25, stepMs: 7, badEvery: 61, lateEvery: 0 }, expectedEventAnomalies],
  // 20 ms apart: 24 windows of 10 s per sensor, so every takeover has judged windows before and after it.
  ['tumbling window results', 'test/e2e/fixtures/sensor-window-anomalies.ts', { seed: 9090, count: 12_000, sensors: 20, stepMs: 20, badEvery: 61 }, expectedWindowAnomalies],
  ['rolling window results', 'test/e2e/fixtures/sensor-rolling-anomalies.ts', { seed: 9090, count: 12_000, sensors: 20, stepMs: 20, badEvery: 61 }, expectedWindowAnomalies],
])('detection on %s', (_what, file, inputOptions, oracle) => {
  it('three kills mid-drain, then a drain: the anomaly fields equal the reference detector’s exactly', { timeout: 240_000 }, async () => {
    const redis = server.redis;
    await server.reset();
    const job = await loadJob(file);
    const input = sensorEntries(inputOptions);
    await xaddAll(redis, 'sensors', input.map((e) => e.fields));
    await killsMidDrain(redis, server.url, file, job.group, input.length);
    const snapshot = await redis.hget(`eddy:${job.name}:checkpoint:{sensors}`, 'dsnap');
    expect(snapshot, 'a detector snapshot was committed before the last kill').not.toBeNull();

    const last = await runCli(['run', file, '--drain', '--redis', server.url, '--lease-ms', '1000']);
    expect(last.code, describeRun(last)).toBe(0);
    const expected = oracle(job, await readRaw(redis, 'sensors'));
    const written = await readFieldLists(redis, job.sinks.output);
    expect(written.length).toBe(expected.length);
    expect(written).toEqual(expected);
  });
});
