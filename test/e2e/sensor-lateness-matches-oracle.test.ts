// Allowed lateness and emit modes through Redis (DESIGN.md, "Lateness and emission"): a tumbling
// job with allowedLateness 5 s and early results every 3 s, and a hopping job with allowedLateness
// 20 s and a result on every change, drained; results (with emit and revision), late events (with
// lateness) and dead letters equal the oracle exactly.

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());

test.each([
  ['test/e2e/fixtures/sensor-stats-lateness.ts', ['early', 'final', 'late']],
  ['test/e2e/fixtures/sensor-hopping-update.ts', ['update', 'final', 'late']],
])('%s equals the oracle', async (file, kinds) => {
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 23, count: 3000, sensors: 12 });
  // A few a minute behind the last entry: beyond any allowed lateness here.
  const fields = input.map((e) => e.fields);
  const lastTs = Math.max(...input.filter((e) => e.intent.kind === 'ok').map((e) => Number(e.fields[e.fields.indexOf('ts') + 1])));
  for (let k = 0; k < 3; k++) fields.push(['sensor', `s-${k}`, 'value', '1', 'ts', String(lastTs - 60_000 - k)]);
  await xaddAll(server.redis, 'sensors', fields);
  const run = await runCli(['run', file, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);

  // Results, late events and dead letters equal the oracle in order; nothing pending; the group at the end.
  await expectExactlyOnce(server.redis, job, 1);
  const written = await readSinks(server.redis, job.sinks);

  // The input exercises what the job is for: every kind of result, revisions past 0, late records with their lateness.
  const field = (r: string[], name: string): string => r[r.indexOf(name) + 1]!;
  expect(new Set(written.output.map((r) => field(r, 'emit')))).toEqual(new Set(kinds));
  expect(written.output.some((r) => field(r, 'emit') === 'late' && Number(field(r, 'revision')) > 0)).toBe(true);
  expect(written.late.length).toBeGreaterThan(0);
  for (const l of written.late) {
    expect(l.at(-2)).toBe('lateness');
    expect(Number(l.at(-1))).toBeGreaterThanOrEqual(job.emission!.allowedLatenessMs);
  }
});
