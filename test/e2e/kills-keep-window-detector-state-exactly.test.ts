// Detection on window results survives a takeover: every commit whose batch judged window results
// carries every key's detector state (so the checkpoint's snapshot is always the committed
// position's), and a successor restores it before replaying; the windows it closes from there on are
// judged on top of it. Three SIGKILLs mid-drain, then a drain: the window results with their anomaly
// fields equal one uninterrupted run's (emit 'all': a detector restarted afresh would show at once
// in the warmup flags and scores of the windows after the takeover).

import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { killsMidDrain } from '../support/kills-mid-drain.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectedWindowAnomalies } from '../support/anomaly-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readFieldLists, readRaw, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
describe.each([
  ['tumbling', 'test/e2e/fixtures/sensor-window-anomalies.ts'],
  // One judged result per reading: results muted on replay never reach the restored detector.
  ['rolling', 'test/e2e/fixtures/sensor-rolling-anomalies.ts'],
])('%s windows', (_kind, FILE) => {
  it('three kills mid-drain, then a drain: window results and their anomaly fields equal the reference exactly', async () => {
    const job = await loadJob(FILE);
    // 20 ms apart: 24 windows of 10 s per sensor, so every takeover has judged windows before and after it.
    const input = sensorEntries({ seed: 9090, count: 12_000, sensors: 20, stepMs: 20, badEvery: 61 });
    await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
    await killsMidDrain(server.redis, server.url, FILE, job.group, input.length);
    const snapshot = await server.redis.hget(`eddy:${job.name}:checkpoint:{sensors}`, 'dsnap');
    expect(snapshot, 'a detector snapshot was committed before the last kill').not.toBeNull();

    const last = await runCli(['run', FILE, '--drain', '--redis', server.url, '--lease-ms', '1000']);
    expect(last.code, describeRun(last)).toBe(0);
    const expected = expectedWindowAnomalies(job, await readRaw(server.redis, 'sensors'));
    const written = await readFieldLists(server.redis, job.sinks.output);
    expect(written.length).toBe(expected.length);
    expect(written).toEqual(expected);
  }, 240_000);
});
