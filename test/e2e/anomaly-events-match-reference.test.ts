// A job with `detect` through real Redis: every anomaly event it writes equals what the detector's
// TypeScript reference computes over the same entries, per key in stream order — on raw events
// (examples/sensor-anomalies.ts, and a variant writing every judged event in small batches) and on
// window results (a detector over each sensor's per-window maximum, tumbling and rolling).

import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectedEventAnomalies, expectedWindowAnomalies } from '../support/anomaly-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readFieldLists, readRaw, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();

/** Sensor input with a few sensors spiking now and then, so flagged events exist. */
function spikyInput(): (string | Buffer)[][] {
  return sensorEntries({ seed: 4242, count: 6000, sensors: 12, stepMs: 50 }).map((e, i) => {
    const fields = [...e.fields];
    const v = fields.indexOf('value');
    if (i % 211 === 100 && v >= 0 && e.intent.kind === 'ok') fields[v + 1] = '250000';
    return fields;
  });
}

describe('anomaly events equal the reference detector’s', () => {
  it.each([
    ['examples/sensor-anomalies.ts', 'flagged events only'],
    ['test/e2e/fixtures/sensor-anomalies-all.ts', 'every judged event, batches of 37'],
  ])('on raw events: %s (%s)', async (file) => {
    const job = await loadJob(file);
    await server.redis.del('sensors', job.sinks.output, job.sinks.deadLetter);
    await xaddAll(server.redis, 'sensors', spikyInput());
    const run = await runCli(['run', file, '--drain', '--redis', server.url]);
    expect(run.code, describeRun(run)).toBe(0);
    const expected = expectedEventAnomalies(job, await readRaw(server.redis, 'sensors'));
    const written = await readFieldLists(server.redis, job.sinks.output);
    expect(expected.length).toBeGreaterThan(0);
    expect(written).toEqual(expected);
  });

  it.each([
    ['test/e2e/fixtures/sensor-window-anomalies.ts', 'tumbling windows'],
    ['test/e2e/fixtures/sensor-rolling-anomalies.ts', 'rolling windows: one judged result per reading'],
  ])('on window results: zscore of each sensor’s per-window max, %s (%s)', async (file) => {
    const job = await loadJob(file);
    await server.redis.del('sensors', job.sinks.output, job.sinks.late, job.sinks.deadLetter);
    await xaddAll(server.redis, 'sensors', spikyInput());
    const run = await runCli(['run', file, '--drain', '--redis', server.url]);
    expect(run.code, describeRun(run)).toBe(0);
    const expected = expectedWindowAnomalies(job, await readRaw(server.redis, 'sensors'));
    const written = await readFieldLists(server.redis, job.sinks.output);
    expect(expected.some((r) => r[r.indexOf('anomaly') + 1] === '1')).toBe(true);
    expect(written).toEqual(expected);
  });
});
