// The ACL rule eddy documents for a job (README, deploy/base/configmap-redis-acl.yaml, both from
// jobAclRule) is enough to run it — reads, commits, leases, membership, the SIGTERM hand-over — and
// no more: the user cannot touch another key. The password never appears in the job's output.

import { expect, test } from 'vitest';
import { jobAclRule, aclUserName } from '../../src/k8s/redis-acl.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';
import { Redis } from 'ioredis';

const server = useRedisServer();
const PASSWORD = 'cr3t-9f1d7aa0-pw';

test('a job runs to the end as the ACL user its documented rule creates, and that user reaches nothing else', async () => {
  const job = await loadJob('examples/sensor-stats.ts');
  const input = sensorEntries({ seed: 99, count: 3000, sensors: 20 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  await server.redis.set('someone-elses-key', 'x');
  const [command, sub, ...rule] = jobAclRule(job).split(' ');
  expect(`${command} ${sub}`).toBe('ACL SETUSER');
  await server.redis.call('ACL', 'SETUSER', ...rule, `>${PASSWORD}`);

  const url = `redis://${aclUserName(job)}:${PASSWORD}@127.0.0.1:${server.port}`;
  const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', url, '--lease-ms', '1000']);
  expect(run.code, describeRun(run)).toBe(0);
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);

  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output).toEqual(expected.output);
  expect(written.deadLetter).toEqual(expected.deadLetter);

  const user = new Redis(url);
  try {
    await expect(user.get('someone-elses-key')).rejects.toThrow(/NOPERM/);
    await expect(user.flushall()).rejects.toThrow(/NOPERM/);
  } finally {
    user.disconnect();
  }
});
