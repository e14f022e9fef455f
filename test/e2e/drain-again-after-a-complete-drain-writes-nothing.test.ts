// A --drain that completed closed every window at the end of input and committed; a second --drain
// (a Kubernetes Job run again, an operator repeating the command, a killed drain's successor that
// finds the work done) must write nothing — for every window kind. Session jobs used to: their
// replay position could only move to a boundary where the open sessions had been recorded
// (anchors, at most every 100 ms), so it stayed before the sessions the drain had closed, and the
// second drain rebuilt them and closed them again (20 results written twice here; one per sensor
// in a kill test where the doomed run had finished before its kill).

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { xaddAll } from '../support/stream-io.js';

const server = useRedisServer();

test.each([
  'examples/sensor-stats.ts',
  'examples/sensor-hopping.ts',
  'examples/sensor-rolling.ts',
  'examples/sensor-sessions.ts',
  'test/e2e/fixtures/sensor-sessions-max-duration.ts',
  'examples/sensor-sessions-late.ts',
])('%s: a second --drain after a complete one writes nothing', async (file) => {
  await server.reset();
  const job = await loadJob(file);
  await xaddAll(server.redis, 'sensors', sensorEntries({ seed: 5, count: 3000, sensors: 20, stepMs: 7 }).map((e) => e.fields));
  const first = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(first.code, describeRun(first)).toBe(0);
  const written = await server.redis.xlen(job.sinks.output);
  expect(written).toBeGreaterThan(0);
  const second = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(second.code, describeRun(second)).toBe(0);
  expect(await server.redis.xlen(job.sinks.output), 'results after the second drain').toBe(written);
});
