// A silent network partition (DESIGN.md, "Faults"): process A holds every partition and reaches
// Redis over a path that is cut without a reset — packets vanish, so nothing errors, every command
// just waits. A must stand its partitions down on its own before its leases could expire (its
// renewals cannot complete), though no reply ever says so; B, connected over another path, takes
// them over after the lease TTL and carries on. When the path heals, whatever A still sends is
// refused by fencing, A rejoins as a member and takes its fair share again under new tokens, and
// the sinks hold everything exactly once.
//
//   A (path A): 0 1 2 3 ── cut ┄┄┄┄┄┄ lost 0 1 2 3 (unrenewable, still cut) ┄┄ heal ── 2 of them again
//   B (path B):                start ── (TTL) ── 0 1 2 3 ──────────────────────────── 2 of them
//
// Needs root and iproute2 (test/support/netns-redis.ts); skipped with the reason otherwise.

import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { describeRun, finishedSummary, runCli, type LogLine } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { allRead, countsPerPartition, heldBy, members, partitionedSensorEntries, startMember, steadyProducer } from '../support/partitioned-sensors.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { eventually, groupInfo } from '../support/stream-io.js';
import { netnsUnavailable, startNetnsRedis, type NetnsRedis } from '../support/netns-redis.js';

const JOB_FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
const PARTITIONS = 4;
const SENSORS = 40;
const LEASE = ['--lease-ms', '2000'];
const unavailable = netnsUnavailable();

const lostWhy = (logs: readonly LogLine[]): Map<number, unknown> =>
  new Map(logs.filter((l) => l.msg?.startsWith('partition lost')).map((l) => [Number(l['partition']), l['reason']]));
/** When each partition was first logged with `msg` (pino's ISO `time`; both processes share this machine's clock). */
const firstAt = (logs: readonly LogLine[], msg: string): Map<number, number> => {
  const at = new Map<number, number>();
  for (const l of logs) if (l.msg?.startsWith(msg) && !at.has(Number(l['partition']))) at.set(Number(l['partition']), Date.parse(String(l['time'])));
  return at;
};
/** Partitions whose lease A tried to release after its runner stopped (and failed: no Redis). */
const releaseTried = (logs: readonly LogLine[]): Set<number> =>
  new Set(logs.flatMap((l) => {
    const m = /^releasing partition (\d+)$/.exec(String(l['during'] ?? ''));
    return m ? [Number(m[1])] : [];
  }));

describe.skipIf(unavailable !== undefined)(`a silent network partition${unavailable ? ` — skipped: ${unavailable}` : ''}`, () => {
  let net: NetnsRedis;
  beforeAll(async () => {
    net = await startNetnsRedis();
  });
  afterAll(async () => {
    await net?.stop();
  });

  test('cuts A off: A stands down before its leases expire, B takes over, A is fenced and rejoins once healed; exactly once', { timeout: 180_000 }, async () => {
    const job = await loadJob(JOB_FILE);
    const input = partitionedSensorEntries(PARTITIONS, { seed: 2323, count: 30_000, sensors: SENSORS, stepMs: 5, lateEvery: 0, badEvery: 41 });
    const { process: a, owner: ownerA } = await startMember(['run', JOB_FILE, '--redis', net.urlA, ...LEASE], { timeoutMs: 150_000 });
    onTestFinished(() => a.signal('SIGKILL'));
    expect(await heldBy(net.redis, job, ownerA)).toEqual([0, 1, 2, 3]);

    const producer = steadyProducer(net.redis, input, 100);
    onTestFinished(() => producer.stop());
    await eventually('A to be busy on every partition', async () => {
      for (const stream of job.partitions) if (Number((await groupInfo(net.redis, stream, job.group))?.get('entries-read')) < 300) return undefined;
      return true;
    });
    net.cut();

    const { process: b, owner: ownerB } = await startMember(['run', JOB_FILE, '--redis', net.urlB, ...LEASE], { timeoutMs: 150_000 });
    onTestFinished(() => b.signal('SIGKILL'));
    await eventually('B to take every partition over', async () => ((await heldBy(net.redis, job, ownerB)).length === PARTITIONS || undefined), 30_000);
    // Still cut off, A has heard nothing from Redis — no error, no refusal — and must still have
    // stood every partition down, because it could not renew.
    await eventually('A to stand every partition down while cut off', async () => (lostWhy(a.logs()).size === PARTITIONS || undefined), 30_000);
    expect([...lostWhy(a.logs()).values()]).toEqual(Array.from({ length: PARTITIONS }, () => 'unrenewable'));
    // Before its leases could expire, so before B could acquire them (A stops one poll ahead of
    // the expiry; B acquires after it).
    const lostAt = firstAt(a.logs(), 'partition lost');
    const acquiredAt = firstAt(b.logs(), 'partition acquired');
    for (let p = 0; p < PARTITIONS; p++) expect(lostAt.get(p), `A lost partition ${p} only after B acquired it`).toBeLessThan(acquiredAt.get(p)!);
    // Stopped, not just told to: each runner gave up the commits no reply will ever come for (the
    // command connection's own bound ends them), reported, and the release that follows fails for
    // want of Redis (the lease expires by itself).
    await eventually("A's runners to have stopped while cut off", async () => (releaseTried(a.logs()).size === PARTITIONS || undefined), 45_000);
    expect(a.child.exitCode).toBeNull();

    net.heal();
    // A is alive and a member again; the fair share hands it two partitions, under new tokens.
    await eventually('A and B to share the partitions', async () => ((await heldBy(net.redis, job, ownerA)).length === 2 || undefined), 45_000);
    expect((await members(net.redis, job)).sort()).toEqual([ownerA, ownerB].sort());
    await producer.finished;
    const counts = countsPerPartition(input, PARTITIONS);
    await eventually('every partition to be read to its end', async () => (await allRead(net.redis, job, counts)) || undefined, 60_000);

    a.signal('SIGTERM');
    b.signal('SIGTERM');
    const [runA, runB] = await Promise.all([a.exited, b.exited]);
    expect(runA.code, describeRun(runA)).toBe(0);
    expect(runB.code, describeRun(runB)).toBe(0);
    const drain = await runCli(['run', JOB_FILE, '--drain', '--redis', net.urlB, ...LEASE]);
    expect(drain.code, describeRun(drain)).toBe(0);
    expect(finishedSummary(drain)['entries']).toBe(0);
    await expectExactlyOnce(net.redis, job, SENSORS);
  });
});
