// The zombie: a process paused (SIGSTOP) while it processes input loses its leases after the TTL;
// a second process takes the partitions over and commits. When the first one wakes up (SIGCONT) it
// still holds batches it read before the pause and believes it owns the partitions — yet it must
// write nothing: the commit script refuses its lease and fencing token. It notices (renewals find
// the leases taken, commits are refused), stands its partitions down, and stays alive as a healthy
// member that may take a fair share again under new tokens.
//
//   A: 0 1 2 3 ── SIGSTOP ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄ SIGCONT ─ lost 0 1 2 3 ─ (share again, new tokens)
//   B:                  start ── (TTL) ── 0 1 2 3 ── read to the end ─┘     sinks and checkpoints frozen from here

import { expect, onTestFinished, test } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { checkpointKey } from '../../src/redis/keys.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli, type LogLine } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import {
  allRead,
  countsPerPartition,
  duplicateWindows,
  heldBy,
  members,
  partitionedSensorEntries,
  splitByPartitionField,
  startMember,
  steadyProducer,
} from '../support/partitioned-sensors.js';
import { eventually, groupInfo, readRaw, readSinks } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const LEASE = ['--lease-ms', '1500'];
const input = partitionedSensorEntries(PARTITIONS, { seed: 5150, count: 40_000, sensors: 40, stepMs: 5, lateEvery: 0, badEvery: 41 });

/** Everything a write would change: sink lengths and last IDs, and each partition's checkpoint position. */
async function writtenState(job: ResolvedJob): Promise<unknown> {
  const sinks = [];
  for (const s of [job.sinks.output, job.sinks.late, job.sinks.deadLetter]) {
    sinks.push([s, await server.redis.xlen(s), (await server.redis.xrevrange(s, '+', '-', 'COUNT', 1))[0]?.[0]]);
  }
  const checkpoints = [];
  for (const stream of job.partitions) {
    const [seq, id, read] = await server.redis.hmget(checkpointKey(job.name, stream), 'seq', 'id', 'read');
    checkpoints.push({ seq, id, read });
  }
  return { sinks, checkpoints };
}

const lost = (logs: readonly LogLine[]): number[] =>
  [...new Set(logs.filter((l) => l.msg?.startsWith('partition lost')).map((l) => Number(l['partition'])))].sort();

test('a paused lease holder that wakes after a takeover writes nothing, stands down and keeps running', async () => {
  const job = await loadJob(JOB_FILE);
  const { process: a, owner: ownerA } = await startMember(['run', JOB_FILE, '--redis', server.url, ...LEASE], { timeoutMs: 90_000 });
  expect(await heldBy(server.redis, job, ownerA)).toEqual([0, 1, 2, 3]);

  const producer = steadyProducer(server.redis, input, 100);
  onTestFinished(() => producer.stop());
  await eventually('A to be busy on every partition', async () => {
    for (const stream of job.partitions) if (Number((await groupInfo(server.redis, stream, job.group))?.get('entries-read')) < 500) return undefined;
    return true;
  });
  a.signal('SIGSTOP');

  const { process: b, owner: ownerB } = await startMember(['run', JOB_FILE, '--redis', server.url, ...LEASE], { timeoutMs: 90_000 });
  await eventually('B to take every partition over', async () => ((await heldBy(server.redis, job, ownerB)).length === PARTITIONS || undefined), 30_000);
  await producer.finished;
  const counts = countsPerPartition(input, PARTITIONS);
  await eventually('B to read every partition to its end', async () => (await allRead(server.redis, job, counts)) || undefined, 45_000);
  const before = await writtenState(job);

  a.signal('SIGCONT');
  await eventually('A to stand every partition down', async () => (lost(a.logs()).length === PARTITIONS || undefined));
  // A is alive and a member again; the fair share hands it two partitions, under new tokens.
  await eventually('A and B to share the partitions', async () => ((await heldBy(server.redis, job, ownerA)).length === 2 || undefined), 30_000);
  expect((await members(server.redis, job)).sort()).toEqual([ownerA, ownerB].sort());
  expect(a.child.exitCode).toBeNull();
  // Either way of noticing is fine — a renewal finding the lease taken, or a commit refused by fencing
  // (the batches A held from before the pause) — but never an error.
  const reasons = a.logs().filter((l) => l.msg?.startsWith('partition lost')).map((l) => l['reason']);
  expect(reasons.every((r) => r === 'taken' || r === 'fenced' || r === 'expired'), JSON.stringify(reasons)).toBe(true);
  expect(await writtenState(job), 'something was written after A woke up').toEqual(before);

  a.signal('SIGTERM');
  b.signal('SIGTERM');
  const [runA, runB] = await Promise.all([a.exited, b.exited]);
  expect(runA.code, describeRun(runA)).toBe(0);
  expect(runB.code, describeRun(runB)).toBe(0);
  expect(runA.stderr).toBe('');

  const drain = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, ...LEASE]);
  expect(drain.code, describeRun(drain)).toBe(0);
  expect(finishedSummary(drain)['entries']).toBe(0);

  const written = await readSinks(server.redis, job.sinks);
  expect(duplicateWindows(written.output)).toEqual([]);
  const deadLetter = splitByPartitionField(written.deadLetter, PARTITIONS);
  for (let p = 0; p < PARTITIONS; p++) {
    const raw = await readRaw(server.redis, job.partitions[p]!);
    expect(deadLetter[p], `partition ${p} dead letters`).toEqual(expectedSinks(job, raw).deadLetter);
    expect((await groupInfo(server.redis, job.partitions[p]!, job.group))?.get('entries-read')).toBe(raw.length);
  }
});
