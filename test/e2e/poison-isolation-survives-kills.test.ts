// Bounded redelivery and poison isolation (DESIGN.md, "Faults") hold across SIGKILLs at every stage:
// between two failed deliveries, while the run that counted the last one backs off and then reads one
// entry at a time, right after a restart that resumes isolating (the failure count lives in the
// checkpoint), and at arbitrary moments after a poison was dead-lettered. Each poison ends up
// dead-lettered exactly once as processing-failed, and everything else equals the oracle over the
// input without the poisons.
//
//   deliveries   ✗ ✗ ✗  → isolate: one entry at a time ┈┈┈┈┈┈┈ ☠ (dead-lettered, position past it)
//   kills           ╳     ╳              ╳                          ╳
//              between   while it backs   right after the         after it
//              failures  off / isolates   restart that resumes

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli, startCli, type CliProcess } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { checkpointKey } from '../../src/redis/keys.js';
import { groupInfo, pendingCount, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-batch-7.ts';
// Numeric (so it decodes and reaches processing), and a value the generated data never has.
const POISON = '13.371337';
const env = { EDDY_FAULT_INJECT: `throw-on-value:${POISON}` };
const MAX_DELIVERIES = 3;
const run = (): CliProcess => startCli(['run', JOB_FILE, '--drain', '--redis', server.url, '--lease-ms', '1000'], { env, timeoutMs: 60_000 });

interface CheckpointState {
  readonly id: string;
  readonly failures: number;
  readonly failedAfter: string;
  readonly poisoned: readonly string[];
}

test('SIGKILLs between failed deliveries, while isolating and after: each poison is dead-lettered once, the rest equals the oracle', { timeout: 240_000 }, async () => {
  const job = await loadJob(JOB_FILE);
  const generated = sensorEntries({ seed: 5151, count: 5000, sensors: 30, stepMs: 5, badEvery: 41 });
  expect(generated.some((e) => e.fields.some((f) => String(f) === POISON))).toBe(false);
  const poisonAt: number[] = [];
  for (const near of [1500, 3500]) {
    let at = near;
    while (generated[at]!.intent.kind !== 'ok') at++;
    poisonAt.push(at);
  }
  const input = generated.map((e, i) => {
    if (!poisonAt.includes(i)) return e.fields;
    const fields = [...e.fields];
    fields[fields.findIndex((f) => String(f) === 'value') + 1] = POISON;
    return fields;
  });
  const ids = await xaddAll(server.redis, 'sensors', input);
  const poisonIds = poisonAt.map((i) => ids[i]!);

  const checkpoint = async (): Promise<CheckpointState> => {
    const [id, failures, failedAfter, poisoned] = await server.redis.hmget(checkpointKey(job.name, 'sensors'), 'id', 'failures', 'failedAfter', 'poisoned');
    return { id: id ?? '0-0', failures: Number(failures ?? 0), failedAfter: failedAfter ?? '', poisoned: (poisoned ?? '').split(' ').filter((p) => p !== '') };
  };
  /** Polls the checkpoint until `ready` holds (true) or the run exits (false). */
  const until = async (p: CliProcess, ready: (s: CheckpointState) => boolean): Promise<boolean> => {
    for (;;) {
      if (ready(await checkpoint())) return true;
      if (p.child.exitCode !== null || p.child.signalCode !== null) return false;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const kill = async (p: CliProcess): Promise<void> => {
    p.signal('SIGKILL');
    await p.exited;
  };
  const isolating = (s: CheckpointState): boolean => s.failures >= MAX_DELIVERIES && s.failedAfter === s.id;

  // Kills that left a poison's isolation unfinished (it was not dead-lettered yet when the process died).
  let killedWhileIsolating = 0;
  const kills: string[] = [];
  for (const poison of poisonIds) {
    const done = (s: CheckpointState): boolean => s.poisoned.includes(poison);
    // 1. Between two failed deliveries of its batch.
    let p = run();
    if (await until(p, (s) => done(s) || (s.failures >= 1 && s.failures < MAX_DELIVERIES))) {
      if (!done(await checkpoint())) kills.push(`between deliveries of ${poison}`);
      await kill(p);
    }
    // 2. Once the last delivery failed: the run backs off, then re-reads one entry at a time.
    p = run();
    if (await until(p, (s) => done(s) || isolating(s))) {
      await new Promise((r) => setTimeout(r, 400));
      await kill(p);
      if (!done(await checkpoint())) {
        killedWhileIsolating++;
        kills.push(`backing off / isolating ${poison}`);
      }
    }
    // 3. Right after a restart that resumes isolating from the checkpoint's failure count.
    if (isolating(await checkpoint())) {
      p = run();
      await p.waitForLog((l) => l.msg === 'job started').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 150));
      await kill(p);
      if (!done(await checkpoint())) {
        killedWhileIsolating++;
        kills.push(`resumed isolating ${poison}`);
      }
    }
    // 4. After the poison is dead-lettered, somewhat further on.
    p = run();
    const after = async (): Promise<number> => Number((await groupInfo(server.redis, 'sensors', job.group))?.get('entries-read') ?? 0);
    const target = poisonAt[poisonIds.indexOf(poison)]! + 300;
    for (;;) {
      if (done(await checkpoint()) && (await after()) >= target) break;
      if (p.child.exitCode !== null || p.child.signalCode !== null) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    await kill(p);
  }
  const last = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, '--lease-ms', '1000'], { env, timeoutMs: 60_000 });
  expect(last.code, describeRun(last)).toBe(0);
  // The test's point: at least one kill landed while a poison was being isolated.
  expect(killedWhileIsolating, kills.join('; ')).toBeGreaterThanOrEqual(1);

  const raw = await readRaw(server.redis, 'sensors');
  const expected = expectedSinks(job, raw.filter((e) => !poisonIds.includes(e.id)));
  const written = await readSinks(server.redis, job.sinks);
  for (const poison of poisonIds) {
    const records = written.deadLetter.filter((r) => r.at(-1) === poison);
    expect(records, `dead letters of poison ${poison}`).toHaveLength(1);
    expect(records[0]![records[0]!.indexOf('reason') + 1]).toBe('processing-failed');
  }
  expect(written.deadLetter.filter((r) => !poisonIds.includes(r.at(-1)!))).toEqual(expected.deadLetter);
  expect(written.late).toEqual(expected.late);
  expect(written.output.length).toBe(expected.output.length);
  expect(written.output).toEqual(expected.output);

  expect(await pendingCount(server.redis, 'sensors', job.group)).toBe(0);
  const info = await groupInfo(server.redis, 'sensors', job.group);
  expect(info?.get('last-delivered-id')).toBe(ids.at(-1));
  expect(info?.get('entries-read')).toBe(input.length);
  const final = await checkpoint();
  expect(final.poisoned).toEqual(poisonIds);
  expect(final.failures).toBe(0);
});
