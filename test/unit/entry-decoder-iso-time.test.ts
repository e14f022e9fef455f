// With time format 'iso-8601', event time is date-time text with a zone; anything else (epoch
// digits, no zone, impossible dates) is bad-time, named as such.

import { describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import { resolveJob } from '../../src/job/resolve-job.js';
import { definitionWith } from '../support/test-jobs.js';

// Entry IDs here are not times: bounds off (entry-decoder-time-bounds.test.ts covers them).
const job = resolveJob(definitionWith({ time: { field: 'ts', format: 'iso-8601' }, timeBounds: 'off' }));
const entry = (ts: string) => ({ id: '1-0', fields: [['sensor', 'a'], ['value', '1'], ['ts', ts]].map(([k, v]) => [Buffer.from(k!), Buffer.from(v!)] as const) });

describe('ISO-8601 event times', () => {
  it.each([
    ['2026-11-27T01:31:00Z', Date.UTC(2026, 10, 27, 1, 31, 0)],
    ['2026-11-27T01:31:00.250Z', Date.UTC(2026, 10, 27, 1, 31, 0, 250)],
    ['2026-11-27T02:31:00.250+01:00', Date.UTC(2026, 10, 27, 1, 31, 0, 250)],
    ['2026-11-27T01:31Z', Date.UTC(2026, 10, 27, 1, 31)],
    ['2026-11-27T01:31:00.123456789Z', Date.UTC(2026, 10, 27, 1, 31, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
  ])('%s is %d ms', (text, ms) => {
    const d = decodeEntry(entry(text), job);
    expect(d.kind === 'ok' && d.time).toBe(ms);
  });

  it.each(['1795743060000', '2026-11-27T01:31:00', '2026-11-27 01:31:00Z', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-27T25:00:00Z', '1969-12-31T23:59:59Z', ''])(
    '%j is bad-time',
    (text) => {
      const d = decodeEntry(entry(text), job);
      expect(d.kind === 'bad' && d.reason).toBe('bad-time');
    },
  );

  it("an unknown format is refused at start-up, naming 'iso-8601' as an option", () => {
    expect(() => resolveJob(definitionWith({ time: { field: 'ts', format: 'rfc2822' } }))).toThrow(/time\.format.*'iso-8601'/);
  });
});
