// The ACL rule eddy renders for the repartition stage (`eddy k8s --repartition-from`, and
// repartitionAclRule) is enough to run the stage — start-up, reads, idempotent appends, checkpoint
// and group moves, a restart that resumes — and no more: the stage's user cannot read the job's
// sinks or checkpoints, nor any other key. Then the job's own user runs the job on what was copied.

import { Redis } from 'ioredis';
import { expect, test } from 'vitest';
import { aclUserName, jobAclRule, repartitionAclRule, repartitionAclUserName } from '../../src/k8s/redis-acl.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { xaddAll } from '../support/stream-io.js';
import { checkpointKey } from '../../src/redis/keys.js';
import { expectRepartitioned } from '../support/repartition-oracle.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-8-partitions.ts';
const FROM = 'sensors-raw';
const PASSWORD = 'st4ge-0c1e-pw';

async function setUser(rule: string): Promise<void> {
  const [command, sub, ...args] = rule.split(' ');
  expect(`${command} ${sub}`).toBe('ACL SETUSER');
  await server.redis.call('ACL', 'SETUSER', ...args, `>${PASSWORD}`);
}

test('the stage runs as the user its rule creates, resumes as that user, and reaches nothing of the job but its partitions', async () => {
  const job = await loadJob(JOB_FILE);
  const input = sensorEntries({ seed: 909, count: 6000, sensors: 30, badEvery: 41 });
  await xaddAll(server.redis, FROM, input.slice(0, 4000).map((e) => e.fields));
  await server.redis.set('someone-elses-key', 'x');
  await setUser(repartitionAclRule(job, FROM));
  await setUser(jobAclRule(job));
  const url = (user: string): string => `redis://${user}:${PASSWORD}@127.0.0.1:${server.port}`;
  const stageUrl = url(repartitionAclUserName(job));

  // Twice: the second run starts from the checkpoint the first left (HMGET, group already there).
  for (const [from, to] of [[0, 4000], [4000, 6000]] as const) {
    if (from > 0) await xaddAll(server.redis, FROM, input.slice(from, to).map((e) => e.fields));
    const stage = await runCli(['repartition', JOB_FILE, '--from', FROM, '--drain', '--redis', stageUrl, '--batch-size', '500'], { timeoutMs: 60_000 });
    expect(stage.code, describeRun(stage)).toBe(0);
    expect(stage.stdout + stage.stderr).not.toContain(PASSWORD);
  }
  await expectRepartitioned(server.redis, job, FROM, `${FROM}:repartition-dlq`, `${job.name}-repartition`);

  const run = await runCli(['run', JOB_FILE, '--drain', '--redis', url(aclUserName(job)), '--progress-ms', '0'], { timeoutMs: 60_000 });
  expect(run.code, describeRun(run)).toBe(0);
  expect(await server.redis.xlen(job.sinks.output)).toBeGreaterThan(0);

  const stageUser = new Redis(stageUrl);
  try {
    await expect(stageUser.get('someone-elses-key')).rejects.toThrow(/NOPERM/);
    await expect(stageUser.xlen(job.sinks.output)).rejects.toThrow(/NOPERM/);
    await expect(stageUser.hgetall(checkpointKey(job.name, job.partitions[0]!))).rejects.toThrow(/NOPERM/);
    await expect(stageUser.flushall()).rejects.toThrow(/NOPERM/);
  } finally {
    stageUser.disconnect();
  }
});
