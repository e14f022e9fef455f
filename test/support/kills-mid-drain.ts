// The takeover experiment the recovery tests share: a drain of `file` is SIGKILLed once the job's
// consumer group has read 20%, 45% and 70% of the input, each kill leaving its successor to take the
// partition over from the checkpoint. The caller then runs the last drain and checks the sinks.

import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { expectExactlyOnce } from './exactly-once-check.js';
import { describeRun, runCli, startCli } from './run-cli.js';
import { sensorEntries } from './sensor-data.js';
import { loadJob } from './sensor-oracle.js';
import { eventually, groupInfo, xaddAll } from './stream-io.js';

/** SIGKILLs a `--drain` run of `file` at each share of `entries` read by `group` on stream `stream`. */
export async function killsMidDrain(redis: Redis, url: string, file: string, group: string, entries: number, stream = 'sensors'): Promise<void> {
  const read = async (): Promise<number> => Number((await groupInfo(redis, stream, group))?.get('entries-read') ?? 0);
  for (const share of [0.2, 0.45, 0.7]) {
    const doomed = startCli(['run', file, '--drain', '--redis', url, '--lease-ms', '1000']);
    await eventually(`a run to pass ${share * 100}% of the input`, async () => ((await read()) >= share * entries || undefined));
    doomed.signal('SIGKILL');
    await doomed.exited;
  }
}

/**
 * The window-recovery case: 12,000 sensor entries (some bad) in `sensors`, three kills mid-drain,
 * then a drain to the end; the sinks must equal the oracle of one uninterrupted run, in order.
 */
export async function killsThenDrainEqualOneRun(redis: Redis, url: string, file: string, group: string): Promise<void> {
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 777, count: 12_000, sensors: 30, stepMs: 7, badEvery: 53 });
  const ids = await xaddAll(redis, 'sensors', input.map((e) => e.fields));
  await killsMidDrain(redis, url, file, group, input.length);
  const last = await runCli(['run', file, '--drain', '--redis', url, '--lease-ms', '1000']);
  expect(last.code, describeRun(last)).toBe(0);
  expect(ids).toHaveLength(input.length);
  // Sinks equal the oracle in order, nothing pending, the group read to the stream's last entry.
  await expectExactlyOnce(redis, job, 1);
}
