// Detector states survive a takeover: each partition's checkpoint carries a snapshot of every key's
// detector state (taken every detect.snapshotEvery), a successor restores it and re-judges the
// entries since without writing their events again. Three SIGKILLs mid-drain, then a drain: the
// anomaly events equal one uninterrupted run's, event for event (every judged event is written, so
// a key that restarted afresh would show at once in its warmup flags and scores).

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { killsMidDrain } from '../support/kills-mid-drain.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectedEventAnomalies } from '../support/anomaly-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readFieldLists, readRaw, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const FILE = 'test/e2e/fixtures/sensor-anomalies-snapshots.ts';

test('three kills mid-drain, then a drain: the anomaly events equal the reference detector’s exactly', async () => {
  const job = await loadJob(FILE);
  const input = sensorEntries({ seed: 8080, count: 12_000, sensors: 25, stepMs: 7, badEvery: 61, lateEvery: 0 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  await killsMidDrain(server.redis, server.url, FILE, job.group, input.length);
  const snapshot = await server.redis.hget(`eddy:${job.name}:checkpoint:{sensors}`, 'dsnap');
  expect(snapshot, 'a detector snapshot was committed before the last kill').not.toBeNull();

  const last = await runCli(['run', FILE, '--drain', '--redis', server.url, '--lease-ms', '1000']);
  expect(last.code, describeRun(last)).toBe(0);
  const expected = expectedEventAnomalies(job, await readRaw(server.redis, 'sensors'));
  const written = await readFieldLists(server.redis, job.sinks.output);
  expect(written.length).toBe(expected.length);
  expect(written).toEqual(expected);
});
