// The repartition stage is exactly once across crashes without a transaction across partitions:
// while a producer writes the unpartitioned stream, the stage is SIGKILLed four times mid-run (each
// time after its position moved) and started again; then it is stopped with SIGTERM (exit 0), and a
// last run with --drain finishes. Every entry is in exactly one partition stream, exactly once, in
// source order, under its own ID; every key-less entry is in the stage's dead-letter stream once;
// the source group has read everything. Restarts re-send the batch after the last checkpoint, and
// the partition streams refuse what they already hold (counted as `present`). Most of the input is
// there before the first run, so the stage is busy when it is killed. Finally the whole stream is
// re-sent (checkpoint deleted, group set back to 0-0: as if no position had ever moved) and every
// entry is refused as present — nothing written twice.
//
//   backlog + producer ─▶ sensors-raw ─▶ stage ✗ ─ stage ✗ ─ stage ✗ ─ stage ✗ ─ stage (SIGTERM, 0) ─ stage --drain (0)

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli, startCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, xaddAll } from '../support/stream-io.js';
import { expectRepartitioned } from '../support/repartition-oracle.js';
import { repartitionCheckpointKey } from '../../src/redis/keys.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-8-partitions.ts';
const FROM = 'sensors-raw';
const KILLS = 4;
const input = sensorEntries({ seed: 909, count: 100_000, sensors: 40, stepMs: 5, badEvery: 53, lateEvery: 0 });
const BACKLOG = 80_000;

test('SIGKILLed four times mid-run and restarted: every entry in exactly one partition stream, once, in order', async () => {
  const job = await loadJob(JOB_FILE);
  const args = ['repartition', JOB_FILE, '--from', FROM, '--redis', server.url, '--batch-size', '100'];
  const checkpoint = repartitionCheckpointKey(job.name, FROM);
  const position = async (): Promise<string | null> => server.redis.hget(checkpoint, 'id');

  await xaddAll(server.redis, FROM, input.slice(0, BACKLOG).map((e) => e.fields));
  const producer = (async () => {
    for (let at = BACKLOG; at < input.length; at += 500) {
      await xaddAll(server.redis, FROM, input.slice(at, at + 500).map((e) => e.fields));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  for (let k = 0; k < KILLS; k++) {
    const stage = startCli(args, { timeoutMs: 120_000 });
    await stage.waitForLog((l) => l.msg === 'repartition started', 120_000);
    const before = await position();
    await eventually(`run ${k + 1} to move the position`, async () => ((await position()) !== before || undefined), 60_000);
    // Somewhere in the middle of a batch, most of the time: appends in flight, position not yet moved.
    await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 300)));
    stage.signal('SIGKILL');
    const killed = await stage.exited;
    expect(killed.signal, describeRun(killed)).toBe('SIGKILL');
  }
  const last = startCli(args, { timeoutMs: 120_000 });
  await last.waitForLog((l) => l.msg === 'repartition started', 120_000);
  await producer;
  last.signal('SIGTERM');
  const stopped = await last.exited;
  expect(stopped.code, describeRun(stopped)).toBe(0);
  const stoppedSummary = stopped.logs.find((l) => l.msg === 'repartition finished');
  expect(stoppedSummary, describeRun(stopped)).toBeDefined();

  const drain = await runCli([...args, '--drain'], { timeoutMs: 120_000 });
  expect(drain.code, describeRun(drain)).toBe(0);
  const present = [stoppedSummary!, drain.logs.find((l) => l.msg === 'repartition finished')!].map((l) => Number(l['present']));
  console.log(`repartition after ${KILLS} SIGKILLs: entries found already appended on restart: ${present.join(', ')}`);

  const routed = await expectRepartitioned(server.redis, job, FROM, `${FROM}:repartition-dlq`, `${job.name}-repartition`);
  expect(routed.partitions.reduce((n, p) => n + p.length, 0) + routed.deadLetter.length).toBe(input.length);
  expect(routed.deadLetter.length).toBeGreaterThan(0);

  // Everything again, from the start: the streams refuse every entry as already there.
  await server.redis.del(checkpoint);
  await server.redis.xgroup('SETID', FROM, `${job.name}-repartition`, '0');
  const again = await runCli([...args, '--drain'], { timeoutMs: 120_000 });
  expect(again.code, describeRun(again)).toBe(0);
  const resent = again.logs.find((l) => l.msg === 'repartition finished')!;
  expect([resent['entries'], resent['written'], resent['present']], 'entries, written, present of a full re-send').toEqual([input.length, 0, input.length]);
  await expectRepartitioned(server.redis, job, FROM, `${FROM}:repartition-dlq`, `${job.name}-repartition`);
}, 300_000);
