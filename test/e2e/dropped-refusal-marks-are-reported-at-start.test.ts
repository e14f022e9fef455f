// A partition whose checkpoint counts dropped refusal marks (more than 65,536 state-limit refusals
// within one replay span; test/unit/refusal-marks-are-bounded.test.ts makes them for real) starts
// with a warning saying its replay may not be exact, with the count and what to change.

import { expect, test } from 'vitest';
import { checkpointKey } from '../../src/redis/keys.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-limits.ts';
const WARNING = 'replay may not be exact: state-limit refusal marks were dropped';

test('eddy run warns at start when the checkpoint counts dropped refusal marks, and not before', async () => {
  const job = await loadJob(JOB_FILE);
  await xaddAll(server.redis, 'sensors', sensorEntries({ seed: 5, count: 2000, sensors: 30 }).map((e) => e.fields));
  const first = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url]);
  expect(first.code, describeRun(first)).toBe(0);
  expect(first.logs.some((l) => l.msg === WARNING)).toBe(false);

  await server.redis.hincrby(checkpointKey(job.name, job.partitions[0]!), 'refusedLost', 4464);
  const second = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url]);
  expect(second.code, describeRun(second)).toBe(0);
  const warning = second.logs.find((l) => l.msg === WARNING);
  expect(warning, describeRun(second)).toBeDefined();
  expect(String(warning!['detail'])).toContain('4464 refusal marks dropped');
  expect(String(warning!['advice'])).toContain('maxKeys');
});
