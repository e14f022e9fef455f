// Redis reaches maxmemory (policy noeviction) under a running job (issue 6, faults). The commit
// script starts with the `#!lua` shebang, so Redis refuses it whole with OOM before any write; the
// job logs what is wrong and what to do, backs off and retries instead of dying, keeps its lease
// (renewals only PEXPIRE, which OOM does not refuse), and carries on once memory is freed
// (CONFIG SET maxmemory 0). Nothing lost, nothing twice. Batches of 7 and a backlog, so the job is
// busy committing when the limit is reached (a job that has caught up has nothing to commit).
//
//   backlog   ▓▓▓▓▓▓▓▓▓▓▓▓
//   producer  ══════════════╤═══ OOM, retrying ┈┈┈┈┈┈┈┈┈┈┈┈┈┈┈╤══════════▶
//   maxmemory      0        │ what is used now                 │ 0
//   eddy run  ══════════════╧═══ commit refused (OOM), retry ┈┈╧══ all read ─ SIGTERM
//   --drain                                                                    ══▶ sinks = oracle

import { expect, test } from 'vitest';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { resilientProducer, type StreamEntry } from '../support/resilient-producer.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli, startCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, groupInfo } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-batch-7.ts';
const BACKLOG = 40_000;
const SENSORS = 30;
const input: StreamEntry[] = sensorEntries({ seed: 4242, count: 60_000, sensors: SENSORS, stepMs: 10, badEvery: 97, lateEvery: 173 }).map((e) => ({ stream: 'sensors', fields: e.fields }));

const entriesRead = async (): Promise<number> => Number((await groupInfo(server.redis, 'sensors', 'sensor-stats'))?.get('entries-read') ?? 0);

test('maxmemory reached mid-run: commits are refused whole, the job waits and retries with advice, and goes on exactly once after memory is freed', async () => {
  const job = await loadJob(JOB_FILE);
  const backlog = resilientProducer(server.redis, input.slice(0, BACKLOG), 1000, 0);
  await backlog.finished;
  const cli = startCli(['run', JOB_FILE, '--redis', server.url, '--progress-ms', '0'], { timeoutMs: 120_000 });
  await cli.waitForLog((l) => l.msg === 'job started');
  const producer = resilientProducer(server.redis, input.slice(BACKLOG), 100, 20, BACKLOG);
  await eventually('a tenth of the backlog to be read', async () => ((await entriesRead()) >= BACKLOG / 10) || undefined, 60_000);

  const used = Number(/used_memory:(\d+)/.exec(await server.redis.info('memory'))![1]);
  await server.redis.config('SET', 'maxmemory-policy', 'noeviction');
  await server.redis.config('SET', 'maxmemory', String(used));
  const refused = await cli.waitForLog((l) => l.msg === 'commit refused: Redis is at maxmemory (OOM); retrying', 30_000);
  expect(String(refused['advice'])).toContain('CONFIG SET maxmemory');
  // Still refused a while later, and still alive: it waits rather than dies.
  await new Promise((r) => setTimeout(r, 2000));
  expect(cli.child.exitCode).toBeNull();
  const stuckAt = await entriesRead();
  expect(stuckAt).toBeLessThan(input.length);

  await server.redis.config('SET', 'maxmemory', '0');
  await cli.waitForLog((l) => l.msg === 'commit went through', 30_000);
  await producer.finished;
  await eventually('the job to read every entry', async () => ((await entriesRead()) === input.length) || undefined, 60_000);
  cli.signal('SIGTERM');
  const run = await cli.exited;
  expect(run.code, describeRun(run)).toBe(0);
  expect(finishedSummary(run)['leases'], 'the lease was renewed through the OOM').toMatchObject({ lost: 0 });

  const drain = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url], { timeoutMs: 60_000 });
  expect(drain.code, describeRun(drain)).toBe(0);
  await expectExactlyOnce(server.redis, job, SENSORS);
}, 150_000);
