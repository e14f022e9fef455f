// `eddy run examples/sensor-stats.ts --drain` on a few thousand entries writes exactly what the
// reference decoder and reference windowing say, to all three sinks, and leaves nothing pending.

import { beforeAll, describe, expect, test } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli, type CliResult } from '../support/run-cli.js';
import { expectedSinks, loadJob, type ExpectedSinks } from '../support/sensor-oracle.js';
import { sensorEntries, type GeneratedEntry } from '../support/sensor-data.js';
import { groupInfo, pendingCount, readRaw, readSinks, xaddAll, type WrittenSinks } from '../support/stream-io.js';

const server = useRedisServer();

describe('sensor-stats --drain', () => {
  let job: ResolvedJob;
  let input: GeneratedEntry[];
  let ids: string[];
  let run: CliResult;
  let expected: ExpectedSinks;
  let written: WrittenSinks;

  beforeAll(async () => {
    job = await loadJob('examples/sensor-stats.ts');
    input = sensorEntries({ seed: 20240601, count: 3000, sensors: 36 });
    ids = await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
    run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', server.url]);
    expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
    written = await readSinks(server.redis, job.sinks);
  });

  test('exits 0 and logs "job finished" last, with nothing on stderr', () => {
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.logs.at(-1)?.msg).toBe('job finished');
    const summary = finishedSummary(run);
    expect(summary['entries']).toBe(input.length);
    expect(summary['results']).toBe(expected.output.length);
    expect(summary['late']).toBe(expected.late.length);
    expect(summary['deadLetters']).toBe(expected.deadLetter.length);
  });

  test('the oracle agrees with what the input was generated to be', () => {
    // Guards the test itself: the reference semantics see the late and bad entries where the generator put them.
    const lateIds = ids.filter((_, i) => input[i]!.intent.kind === 'late');
    const bad = input.flatMap((e, i) => (e.intent.kind === 'bad' ? [{ id: ids[i], reason: e.intent.reason }] : []));
    expect(expected.lateIds).toEqual(lateIds);
    expect(expected.deadLetterIds.map((id, i) => ({ id, reason: expected.deadLetterReasons[i] }))).toEqual(bad);
    expect(lateIds.length).toBeGreaterThanOrEqual(5);
    expect(new Set(expected.deadLetterReasons)).toEqual(
      new Set(['missing-key', 'missing-value', 'non-numeric-value', 'non-finite-value', 'missing-time', 'bad-time', 'time-out-of-bounds', 'duplicate-field']),
    );
    expect(expected.output.length).toBeGreaterThan(36 * 5);
  });

  test('sensor-stats:out equals the reference results: same order, same fields, same number texts', () => {
    expect(written.output.length).toBe(expected.output.length);
    expect(written.output).toEqual(expected.output);
  });

  test('sensor-stats:late holds exactly the late events: original fields, the window missed, the watermark, the source ID', () => {
    expect(written.late).toEqual(expected.late);
  });

  test('sensor-stats:dlq holds exactly the bad entries: original fields, reason, detail, source ID', () => {
    expect(written.deadLetter).toEqual(expected.deadLetter);
  });

  test('the group was created reading from the start, and nothing is left pending', async () => {
    const info = await groupInfo(server.redis, 'sensors', 'sensor-stats');
    expect(info, 'group sensor-stats on sensors').toBeDefined();
    expect(info!.get('last-delivered-id')).toBe(ids.at(-1));
    expect(info!.get('entries-read')).toBe(input.length);
    expect(info!.get('pending')).toBe(0);
    expect(info!.get('lag')).toBe(0);
    expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(0);
  });
});
