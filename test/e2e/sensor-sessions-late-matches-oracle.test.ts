// Session windows with allowed lateness through Redis (DESIGN.md, "Late sessions and revisions"):
// examples/sensor-sessions-late.ts (gap 5 s, maxDuration 1 min, allowedLateness 10 s) and the same
// with emit 'update' and with early('2s') in batches of 7, drained; results (with emit, revision, supersedes), late events
// (with lateness) and dead letters equal the oracle exactly.
//
//   a sensor:   [s ── final)  kept 10 s ── a late reading joins: late rev 1 ── freed at end + 10 s
//               a reading 60 s behind opens nothing kept: the late stream, lateness ≥ 10 s

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries, T0 } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());

test.each([
  ['examples/sensor-sessions-late.ts', ['final', 'late']],
  ['test/e2e/fixtures/sensor-sessions-update.ts', ['update', 'final', 'late']],
  ['test/e2e/fixtures/sensor-sessions-early.ts', ['early', 'final', 'late']],
])('%s equals the oracle', async (file, kinds) => {
  const job = await loadJob(file);
  // As sensor-sessions-matches-oracle: sessions pause and run past a minute; the generator's late
  // readings (12–15 s behind the largest time) are within allowed lateness of a session or open one.
  const input = sensorEntries({ seed: 23, count: 2500, sensors: 15, stepMs: 150 });
  const fields = input.map((e) => e.fields);
  const lastTs = Math.max(...input.filter((e) => e.intent.kind !== 'bad').map((e) => Number(e.fields[e.fields.indexOf('ts') + 1])));
  for (let k = 0; k < 3; k++) fields.push(['sensor', 'quiet-sensor', 'value', '1', 'ts', String(lastTs - 60_000 - k * 10_000)]);
  await xaddAll(server.redis, 'sensors', fields, (i) => `${T0 + 1_000_000 + i}-1`);
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);

  // Results, late events and dead letters equal the oracle in order; nothing pending; the group at the end.
  await expectExactlyOnce(server.redis, job, 1);
  const written = await readSinks(server.redis, job.sinks);

  // The input exercises what the job is for: every kind, late revisions, something superseded, the late stream.
  const field = (r: string[], name: string): string => r[r.indexOf(name) + 1]!;
  expect(new Set(written.output.map((r) => field(r, 'emit')))).toEqual(new Set(kinds));
  expect(written.output.some((r) => field(r, 'emit') === 'late' && Number(field(r, 'revision')) > 0)).toBe(true);
  expect(written.output.some((r) => field(r, 'supersedes') !== '')).toBe(true);
  expect(written.late.length).toBeGreaterThanOrEqual(3);
  for (const l of written.late) {
    expect(l.at(-2)).toBe('lateness');
    expect(Number(l.at(-1))).toBeGreaterThanOrEqual(job.emission!.allowedLatenessMs);
  }
});

test('sketches over kept sessions (update, batches of 7) equal the reference sketches of each result’s events', async () => {
  // Each result owns fresh sketches with its session's merged in, and the session lives on: quantiles
  // (to 12 digits: libm's last bit), distinct counts and, on this input, top-k text for text.
  const file = 'test/e2e/fixtures/sensor-sessions-sketches.ts';
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 23, count: 2500, sensors: 15, stepMs: 150 });
  const sites = input.map((_, i) => (i % 7 === 0 ? [] : ['site', i % 3 === 0 ? 'north' : i % 5 === 0 ? 'south' : `site-${i % 40}`]));
  await xaddAll(server.redis, 'sensors', input.map((e, i) => [...e.fields, ...sites[i]!]), (i) => `${T0 + 1_000_000 + i}-1`);
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const written = await readSinks(server.redis, job.sinks);
  const round = (rs: string[][]): string[][] => rs.map((r) => r.map((v, i) => (i % 2 === 1 && ['p50', 'p99'].includes(r[i - 1]!) && v !== 'NaN' ? Number(v).toPrecision(12) : v)));
  expect(written.output.length).toBeGreaterThan(1000);
  expect(round(written.output)).toEqual(round(expected.output));
  expect(written.late).toEqual(expected.late);
});
