// Entries deleted from the input (XDEL) are simply not input: a drain over a stream with holes
// writes what the oracle computes over the entries that remain, including when the entry the
// partition's checkpoint points at is itself deleted before the next run. The job never crashes on
// them, and the group's lag ends at 0 (what KEDA scales on).
//
// Before commit 5fd88c4 eddy read with XREADGROUP, where an entry deleted while pending comes back
// as an ID with no fields; eddy now reads by position (XREAD), which never returns deleted entries.

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries, T0 } from '../support/sensor-data.js';
import { groupInfo, pendingCount, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const drain = (): string[] => ['run', 'examples/sensor-stats.ts', '--drain', '--redis', server.url];

test('a drain over a stream with deleted entries equals the oracle over what remains; a deleted checkpoint entry is no obstacle', async () => {
  const job = await loadJob('examples/sensor-stats.ts');
  const input = sensorEntries({ seed: 404, count: 2000, sensors: 20 });
  const ids = await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  // Holes everywhere, including late and bad entries and the very first entry.
  const doomed = ids.filter((_, i) => i % 37 === 0 || input[i]!.intent.kind !== 'ok' && i % 2 === 0);
  expect(await server.redis.xdel('sensors', ...doomed)).toBe(doomed.length);

  const run1 = await runCli(drain());
  expect(run1.code, describeRun(run1)).toBe(0);
  expect(finishedSummary(run1)['entries']).toBe(ids.length - doomed.length);
  const expected1 = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const written1 = await readSinks(server.redis, job.sinks);
  expect(written1).toEqual({ output: expected1.output, late: expected1.late, deadLetter: expected1.deadLetter });
  expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(0);
  expect.soft((await groupInfo(server.redis, 'sensors', 'sensor-stats'))?.get('lag'), 'lag after draining a stream with deleted entries').toBe(0);

  // The checkpoint points at the last entry; delete it, add more (some deleted too), drain again.
  expect(await server.redis.xdel('sensors', ids.at(-1)!)).toBe(1);
  const more = sensorEntries({ seed: 405, count: 400, sensors: 20, startMs: T0 + 3_600_000 });
  const moreIds = await xaddAll(server.redis, 'sensors', more.map((e) => e.fields));
  const doomed2 = moreIds.filter((_, i) => i % 29 === 0);
  await server.redis.xdel('sensors', ...doomed2);

  const run2 = await runCli(drain());
  expect(run2.code, describeRun(run2)).toBe(0);
  expect(finishedSummary(run2)['entries']).toBe(more.length - doomed2.length);
  const all = await readRaw(server.redis, 'sensors');
  const expectedAll = expectedSinks(job, all);
  // Dead letters depend only on the entry, so across the two runs they equal the oracle over everything
  // that was ever read (the first run's are still there even though one of its entries is gone now).
  const deadLettersOfSecondRun = (await readSinks(server.redis, job.sinks)).deadLetter.slice(written1.deadLetter.length);
  const newIds = new Set(moreIds);
  expect(deadLettersOfSecondRun).toEqual(expectedAll.deadLetter.filter((r) => newIds.has(r[r.length - 1]!)));
  expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(0);
  expect.soft((await groupInfo(server.redis, 'sensors', 'sensor-stats'))?.get('lag'), 'lag after the second drain').toBe(0);
});
