// Redis cannot be reached for 10 s under a running job (issue 6, faults), two ways:
//
//   - SIGSTOP for 10 s, then SIGCONT: a silent partition. Connections stay open and nothing is
//     answered; blocking reads are cut by the reader's watchdog, commits and renewals wait. When
//     Redis wakes up, its clock has moved 10 s: the lease (default TTL 10 s) has expired, so the
//     commit that waited is refused by fencing and the renewal finds the lease gone.
//   - stopped (SIGTERM) and started again 10 s later on the same data (AOF): connections are
//     refused; renewals fail until the lease could have expired, and the partition is stopped.
//
// Either way the process stands down, stays a member, takes the partition again (a new fencing
// token) once Redis answers, replays from the checkpoint and carries on — nothing lost or doubled.
//
//   redis     ───────── ✗ ┈┈┈┈┈┈┈┈┈ 10 s ┈┈┈┈┈┈┈┈┈ ✓ ───────────────────────────────
//   eddy run  ═════════ waits / retries ┈┈ lease expired: stand down ┈┈ re-acquire ═══ all read ─ SIGTERM
//   --drain                                                                                       ══▶ sinks = oracle

import { describe, expect, it } from 'vitest';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { resilientProducer, type StreamEntry } from '../support/resilient-producer.js';
import { useRestartableRedis } from '../support/restartable-redis.js';
import { describeRun, runCli, startCli, type LogLine } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, groupInfo } from '../support/stream-io.js';

const server = useRestartableRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
const JOB_FILE = 'examples/sensor-stats.ts';
const SENSORS = 30;
const input: StreamEntry[] = sensorEntries({ seed: 1010, count: 30_000, sensors: SENSORS, stepMs: 10, badEvery: 97, lateEvery: 173 }).map((e) => ({ stream: 'sensors', fields: e.fields }));
const OUTAGE_MS = 10_000;

/** The group's entries-read, or undefined while Redis cannot answer. */
async function entriesRead(): Promise<number | undefined> {
  try {
    return Number((await groupInfo(server.redis, 'sensors', 'sensor-stats'))?.get('entries-read') ?? 0);
  } catch {
    return undefined;
  }
}

const lease = (logs: readonly LogLine[], msg: string): LogLine[] => logs.filter((l) => l.msg === msg);

describe('Redis unreachable for 10 s with the default lease TTL', () => {
  it.each([
    ['paused (SIGSTOP, then SIGCONT)', 'pause'],
    ['stopped, then started again', 'restart'],
  ] as const)('%s: the job stands down, takes its partition again by itself, and writes everything exactly once', async (_name, how) => {
    await server.redis.flushall();
    const job = await loadJob(JOB_FILE);
    const cli = startCli(['run', JOB_FILE, '--redis', server.url, '--progress-ms', '0'], { timeoutMs: 150_000 });
    await cli.waitForLog((l) => l.msg === 'job started');
    const producer = resilientProducer(server.redis, input, 100, 20);
    await eventually('a third of the input to be read', async () => (((await entriesRead()) ?? 0) >= input.length / 3) || undefined, 60_000);

    if (how === 'pause') {
      server.pause();
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      server.resume();
    } else {
      await server.stop('SIGTERM');
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      await server.start();
    }
    const backAt = Date.now();

    await producer.finished;
    await eventually('the job to read every entry', async () => ((await entriesRead()) === input.length) || undefined, 60_000);
    const logs = cli.logs();
    const lost = lease(logs, 'partition lost: stopped, nothing more is committed for it');
    const acquired = lease(logs, 'partition acquired');
    // The lease expired during the outage (it is renewed every TTL/3, so at most 10 s was left):
    // the partition was lost, then taken again under a new token — by this process, alone.
    expect(lost.length, describeRun({ code: null, signal: null, stdout: cli.stdout(), stderr: cli.stderr(), logs, timedOut: false })).toBeGreaterThanOrEqual(1);
    expect(acquired.length).toBeGreaterThanOrEqual(2);
    expect(Number(acquired.at(-1)!['token'])).toBeGreaterThan(Number(acquired[0]!['token']));
    cli.signal('SIGTERM');
    const run = await cli.exited;
    expect(run.code, describeRun(run)).toBe(0);

    const drain = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url], { timeoutMs: 60_000 });
    expect(drain.code, describeRun(drain)).toBe(0);
    await expectExactlyOnce(server.redis, job, SENSORS);
    const retaken = Date.parse(String(acquired.at(-1)!['time'])) - backAt;
    console.info(`${how}: lost ${JSON.stringify(lost.map((l) => l['reason']))}; acquired tokens ${JSON.stringify(acquired.map((l) => l['token']))}, the last ${retaken} ms after Redis was back; notices ${[...new Set(logs.filter((l) => /^commit|bookkeeping/.test(String(l.msg))).map((l) => l.msg))].join(' | ')}`);
  }, 150_000);
});
