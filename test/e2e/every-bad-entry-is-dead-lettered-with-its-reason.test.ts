// Every kind of bad entry, through a real Redis and `eddy run --drain`: each lands in the dead-letter
// stream with its reason, its original fields and its source ID — exactly what the oracle says —
// and the good entries' window results are what they would be without the bad ones. Megabyte
// fields (a value, an unrelated field, a key; five in a row) are read, processed or dead-lettered
// like any other entry.

import { beforeAll, describe, expect, test } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli, type CliResult } from '../support/run-cli.js';
import { expectedSinks, loadJob, type ExpectedSinks } from '../support/sensor-oracle.js';
import { FAR_FUTURE_TS, sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll, type WrittenSinks } from '../support/stream-io.js';
import type { RawEntry } from '../../src/reference/resp-value.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-bounded.ts';
const MB = 1 << 20;
const YEAR = 365 * 86_400_000;

type Fields = (string | Buffer)[];

/** Injected entries: what each is, its fields, and the reason it must be dead-lettered with (none: it is good). */
function injected(now: number, ts: string): { what: string; fields: Fields; reason?: string }[] {
  const s = 's-1';
  return [
    { what: 'three years in the past', fields: ['sensor', s, 'value', '1', 'ts', String(now - 3 * YEAR)], reason: 'time-out-of-bounds' },
    { what: 'a day in the future', fields: ['sensor', s, 'value', '1', 'ts', String(now + 86_400_000)], reason: 'time-out-of-bounds' },
    { what: 'the year 2100', fields: ['sensor', s, 'value', '1', 'ts', FAR_FUTURE_TS], reason: 'time-out-of-bounds' },
    { what: 'an empty entry', fields: ['', ''], reason: 'missing-key' },
    { what: 'a duplicated value field', fields: ['sensor', s, 'value', '1', 'value', '2', 'ts', ts], reason: 'duplicate-field' },
    { what: 'a duplicated key field', fields: ['sensor', s, 'sensor', 's-2', 'value', '1', 'ts', ts], reason: 'duplicate-field' },
    { what: 'NaN', fields: ['sensor', s, 'value', 'NaN', 'ts', ts], reason: 'non-finite-value' },
    { what: 'Infinity', fields: ['sensor', s, 'value', 'Infinity', 'ts', ts], reason: 'non-finite-value' },
    { what: 'a value of a megabyte of digits and junk', fields: ['sensor', s, 'value', `${'1'.repeat(MB)}x`, 'ts', ts], reason: 'non-numeric-value' },
    { what: 'a megabyte value that is a number (0)', fields: ['sensor', 's-2', 'value', `0.${'0'.repeat(MB)}`, 'ts', ts] },
    ...Array.from({ length: 5 }, (_, i) => ({ what: `a megabyte unrelated field (${i + 1} of 5 in a row)`, fields: ['blob', Buffer.alloc(MB, 0x30 + i), 'sensor', 's-3', 'value', String(i), 'ts', ts] })),
    { what: 'a megabyte key', fields: ['sensor', Buffer.alloc(MB, 0x4b), 'value', '7', 'ts', ts] },
    { what: 'a key of binary garbage', fields: ['sensor', Buffer.from([0, 0xff, 13, 10, 0x2a, 0xc3, 0x28]), 'value', '8', 'ts', ts] },
    { what: 'a field name of binary garbage instead of the key', fields: [Buffer.from([0xfe, 0, 0x24]), 's-1', 'value', '9', 'ts', ts], reason: 'missing-key' },
  ];
}

describe('bad entries of every kind, through Redis', () => {
  let job: ResolvedJob;
  let run: CliResult;
  let raw: RawEntry[];
  let expected: ExpectedSinks;
  let written: WrittenSinks;
  let cases: ReturnType<typeof injected>;
  let caseIds: string[];

  beforeAll(async () => {
    job = await loadJob(JOB_FILE);
    const now = Date.now();
    // Event times from an hour ago on (IDs are Redis' own, i.e. now), aligned to the 10 s windows.
    const start = Math.floor((now - 3_600_000) / 10_000) * 10_000;
    const input = sensorEntries({ seed: 6006, count: 1200, sensors: 12, startMs: start });
    cases = injected(now, String(start + 5_000));
    // The injected entries go in one run near the start (the megabyte ones share replies) and the
    // generated input, with its own bad cases, around them.
    const fields: Fields[] = input.map((e) => [...e.fields]);
    fields.splice(40, 0, ...cases.map((c) => c.fields));
    const ids = await xaddAll(server.redis, 'sensors', fields);
    caseIds = ids.slice(40, 40 + cases.length);
    run = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url], { timeoutMs: 120_000 });
    raw = await readRaw(server.redis, 'sensors');
    expected = expectedSinks(job, raw, 'latin1');
    written = await readSinks(server.redis, job.sinks, 'latin1');
  }, 180_000);

  test('the job finishes: exit 0, every entry read, nothing on stderr', () => {
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stderr).toBe('');
    expect(finishedSummary(run)['entries']).toBe(raw.length);
  });

  test('each injected entry is dead-lettered with the reason it was made for, or processed when it is good', () => {
    const reasonOf = new Map(expected.deadLetterIds.map((id, i) => [id, expected.deadLetterReasons[i]]));
    const verdicts = cases.map((c, i) => ({ what: c.what, reason: reasonOf.get(caseIds[i]!) }));
    expect(verdicts).toEqual(cases.map((c) => ({ what: c.what, reason: c.reason })));
  });

  test('the dead-letter stream is exactly the oracle’s: original fields (megabytes included), reason, detail, source ID', () => {
    expect(written.deadLetter.length).toBe(expected.deadLetter.length);
    expect(written.deadLetter).toEqual(expected.deadLetter);
    const reasons = new Set(written.deadLetter.map((r) => r[r.indexOf('reason') + 1]));
    for (const r of ['missing-key', 'missing-value', 'non-numeric-value', 'non-finite-value', 'missing-time', 'bad-time', 'time-out-of-bounds', 'duplicate-field']) {
      expect(reasons, r).toContain(r);
    }
  });

  test('window results and late events are exactly the oracle’s, and the same as for the input without its bad entries', () => {
    expect(written.output).toEqual(expected.output);
    expect(written.late).toEqual(expected.late);
    const badIds = new Set(expected.deadLetterIds);
    const goodOnly = expectedSinks(job, raw.filter((e) => !badIds.has(e.id)), 'latin1');
    expect(goodOnly.deadLetter).toEqual([]);
    expect(written.output).toEqual(goodOnly.output);
    expect(written.late).toEqual(goodOnly.late);
  });

  test('the megabyte key and the binary key have their windows, bytes intact', () => {
    const keys = new Set(written.output.map((r) => r[1]));
    expect(keys).toContain(Buffer.alloc(MB, 0x4b).toString('latin1'));
    expect(keys).toContain(Buffer.from([0, 0xff, 13, 10, 0x2a, 0xc3, 0x28]).toString('latin1'));
  });
});
