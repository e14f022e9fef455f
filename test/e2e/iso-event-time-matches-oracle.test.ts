// Event time as ISO-8601 text (time.format 'iso-8601'): windows, late events and dead letters
// through Redis equal the oracle; epoch digits in such a job are bad-time.

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();

test('ISO-8601 event times window like epoch milliseconds', async () => {
  const file = 'test/e2e/fixtures/sensor-stats-iso.ts';
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 21, count: 1500, sensors: 10 });
  // Rewrite numeric ts fields as ISO text, with a few offsets; keep the bad ones as they are.
  const fields = input.map((e, i) =>
    e.fields.map((f, j) => {
      const ts = Number(String(f));
      if (j === 0 || String(e.fields[j - 1]) !== 'ts' || !/^\d{10,}$/.test(String(f)) || !(ts >= 0 && ts <= 8.64e15)) return f;
      if (i % 50 === 0) return String(f); // epoch digits: bad-time in an ISO job
      const iso = new Date(ts).toISOString();
      return i % 3 === 0 ? iso.replace('Z', '+00:00') : iso;
    }),
  );
  await xaddAll(server.redis, 'sensors', fields);
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  expect(expected.output.length).toBeGreaterThan(0);
  expect(expected.deadLetter.some((r) => r.includes('bad-time'))).toBe(true);
  expect(await readSinks(server.redis, job.sinks)).toEqual({ output: expected.output, late: expected.late, deadLetter: expected.deadLetter });
});
