// `--wait-replicas N` (issue 7): after every commit eddy sends WAIT N <timeout> to the node that
// applied it (one pipeline with the commit), so a failover can lose at most the commits in flight.
// A redis-server with one real replica: every commit is followed by a WAIT the master counts; with
// the replica paused, each WAIT times out, the job says so in its log and still finishes — the
// commit is applied on the master, only not yet replicated.

import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Redis } from 'ioredis';
import { startThrowawayRedis, type ThrowawayRedis } from '../../src/redis/throwaway-server.js';
import { checkpointKey } from '../../src/redis/keys.js';
import { ownClient } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, xaddAll } from '../support/stream-io.js';

let master: ThrowawayRedis;
let replica: ThrowawayRedis;
let redis: Redis;
const JOB_FILE = 'examples/sensor-stats.ts';

beforeAll(async () => {
  master = await startThrowawayRedis();
  replica = await startThrowawayRedis({ args: ['--replicaof', '127.0.0.1', String(master.port)] });
  redis = ownClient(master.port);
  await eventually('the replica to be in sync', async () => ((await redis.info('replication')).includes('connected_slaves:1') ? true : undefined));
});

afterAll(async () => {
  redis?.disconnect();
  replica?.process.kill('SIGCONT');
  await replica?.stop();
  await master?.stop();
});

async function waitCalls(): Promise<number> {
  const m = /cmdstat_wait:calls=(\d+)/.exec(await redis.info('commandstats'));
  return m ? Number(m[1]) : 0;
}

test('every commit is followed by a WAIT; a replica that does not answer is logged, and the job still finishes', async () => {
  const entries = sensorEntries({ seed: 9, count: 3000, sensors: 8, stepMs: 100 }).map((e) => e.fields as string[]);
  await xaddAll(redis, 'sensors', entries.slice(0, 2500));
  // A timeout far above any healthy acknowledgement (WAIT returns as soon as the replica has it), so
  // a loaded machine cannot make this phase log a timeout.
  const run = await runCli(['run', JOB_FILE, '--drain', '--redis', master.url, '--wait-replicas', '1', '--wait-timeout-ms', '30000', '--progress-ms', '0']);
  expect(run.code, describeRun(run)).toBe(0);
  const commits = Number(await redis.hget(checkpointKey('sensor-stats', 'sensors'), 'seq'));
  expect(commits).toBeGreaterThan(0);
  expect(await waitCalls(), 'WAITs sent, one per commit at least').toBeGreaterThanOrEqual(commits);
  expect(run.stdout).not.toContain('not acknowledged by --wait-replicas');

  // The replica stops answering: each WAIT runs into its timeout; the commits are applied anyway.
  replica.process.kill('SIGSTOP');
  try {
    await xaddAll(redis, 'sensors', entries.slice(2500));
    const slow = await runCli(['run', JOB_FILE, '--drain', '--redis', master.url, '--wait-replicas', '1', '--wait-timeout-ms', '200', '--progress-ms', '0']);
    expect(slow.code, describeRun(slow)).toBe(0);
    expect(slow.logs.some((l) => l.msg === 'commit applied but not acknowledged by --wait-replicas replicas in time')).toBe(true);
    expect(Number(await redis.hget(checkpointKey('sensor-stats', 'sensors'), 'seq'))).toBeGreaterThan(commits);
  } finally {
    replica.process.kill('SIGCONT');
  }
}, 120_000);
