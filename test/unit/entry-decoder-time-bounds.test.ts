// Event time is bounded relative to the entry ID's time (when Redis appended the entry): by default
// at most a day ahead, any distance behind. Outside the bounds the entry is `time-out-of-bounds`.
//
//   ID time ─────────────────────────┬──────────────┐
//   event time   ···behind··· ok ok ok│ok ≤ +maxAhead │ ✗ time-out-of-bounds
//                ✗ < −maxBehind       │              │

import { describe, expect, it } from 'vitest';
import { pack } from 'msgpackr';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { definitionWith, entryIdJob, msgpackJob, sensorJob } from '../support/test-jobs.js';
import { resolveJob } from '../../src/job/resolve-job.js';

const DAY = 86_400_000;
const ID_MS = 1_795_743_060_000; // 2026-11-27T01:31:00Z

function at(ts: number | string, id = `${ID_MS}-0`): RawEntry {
  return { id, fields: [['sensor', 's'], ['ts', String(ts)], ['value', '1']].map(([k, v]) => [Buffer.from(k!), Buffer.from(v!)] as const) };
}

describe('time bounds: event time against the entry ID time', () => {
  const byDefault = sensorJob();

  it('by default: up to one day ahead is fine, one millisecond more is time-out-of-bounds', () => {
    expect(decodeEntry(at(ID_MS + DAY), byDefault)).toMatchObject({ kind: 'ok', time: ID_MS + DAY });
    expect(decodeEntry(at(ID_MS + DAY + 1), byDefault)).toEqual({
      kind: 'bad',
      reason: 'time-out-of-bounds',
      detail: `"ts" (${ID_MS + DAY + 1}) is more than ${DAY} ms ahead of the entry ID's time (${ID_MS})`,
    });
  });

  it('by default a timestamp years in the past is accepted (backfills): it can only be late, never move the watermark', () => {
    expect(decodeEntry(at(0), byDefault)).toMatchObject({ kind: 'ok', time: 0 });
    expect(decodeEntry(at(ID_MS - 10 * 365 * DAY), byDefault)).toMatchObject({ kind: 'ok' });
  });

  it('a far-future timestamp (year 2100) is dead-lettered by default', () => {
    expect(decodeEntry(at(4_102_444_800_000), byDefault)).toMatchObject({ kind: 'bad', reason: 'time-out-of-bounds' });
  });

  it('configured bounds are inclusive at both ends', () => {
    const job = sensorJob({ timeBounds: { maxAhead: '1h', maxBehind: '365d' } });
    expect(decodeEntry(at(ID_MS + 3_600_000), job)).toMatchObject({ kind: 'ok' });
    expect(decodeEntry(at(ID_MS + 3_600_001), job)).toMatchObject({ reason: 'time-out-of-bounds' });
    expect(decodeEntry(at(ID_MS - 365 * DAY), job)).toMatchObject({ kind: 'ok' });
    expect(decodeEntry(at(ID_MS - 365 * DAY - 1), job)).toEqual({
      kind: 'bad',
      reason: 'time-out-of-bounds',
      detail: `"ts" (${ID_MS - 365 * DAY - 1}) is more than ${365 * DAY} ms behind the entry ID's time (${ID_MS})`,
    });
  });

  it("'none' lifts one bound, 'off' both", () => {
    expect(decodeEntry(at(4_102_444_800_000), sensorJob({ timeBounds: { maxAhead: 'none' } }))).toMatchObject({ kind: 'ok' });
    expect(decodeEntry(at(0), sensorJob({ timeBounds: { maxAhead: 'none', maxBehind: '1d' } }))).toMatchObject({ reason: 'time-out-of-bounds' });
    expect(decodeEntry(at(4_102_444_800_000, '1-0'), sensorJob({ timeBounds: 'off' }))).toMatchObject({ kind: 'ok' });
  });

  it('the ID sequence part plays no role; the ID time is its millisecond part', () => {
    expect(decodeEntry(at(ID_MS + DAY, `${ID_MS}-18446744073709551615`), byDefault)).toMatchObject({ kind: 'ok' });
    expect(decodeEntry(at(ID_MS + DAY + 1, `${ID_MS}-0`), byDefault)).toMatchObject({ reason: 'time-out-of-bounds' });
  });

  it('problems with key and time text come first; bounds come before the values', () => {
    const missingKey: RawEntry = { id: `${ID_MS}-0`, fields: [[Buffer.from('ts'), Buffer.from('4102444800000')]] };
    expect(decodeEntry(missingKey, byDefault)).toMatchObject({ reason: 'missing-key' });
    const badValue = at(4_102_444_800_000);
    const fields = badValue.fields!.map(([k, v]) => [k, k.toString() === 'value' ? Buffer.from('abc') : v] as const);
    expect(decodeEntry({ id: badValue.id, fields }, byDefault)).toMatchObject({ reason: 'time-out-of-bounds' });
  });

  it('event time from the entry ID is never out of bounds, whatever the option says', () => {
    const job = entryIdJob({ timeBounds: { maxAhead: '0ms', maxBehind: '0ms' } });
    expect(job.timeBounds).toEqual({ maxAheadMs: Infinity, maxBehindMs: Infinity });
    const fields = ['k', 'a', 'b', 'c'].map((f) => [Buffer.from(f), Buffer.from('1')] as const);
    expect(decodeEntry({ id: '5-0', fields }, job)).toMatchObject({ kind: 'ok', time: 5 });
  });

  it('ISO-8601 and msgpack event times are bounded the same way', () => {
    const iso = resolveJob(definitionWith({ time: { field: 'ts', format: 'iso-8601' } }));
    expect(decodeEntry(at('2026-11-28T01:31:00Z'), iso)).toMatchObject({ kind: 'ok' });
    expect(decodeEntry(at('2026-11-28T01:31:00.001Z'), iso)).toMatchObject({ reason: 'time-out-of-bounds' });
    const mp = msgpackJob();
    const entry = (t: number): RawEntry => ({ id: `${ID_MS}-3`, fields: [[Buffer.from('p'), pack({ k: 'a', t, v: 1 })]] });
    expect(decodeEntry(entry(ID_MS + DAY), mp)).toMatchObject({ kind: 'ok' });
    expect(decodeEntry(entry(ID_MS + DAY + 1), mp)).toMatchObject({ reason: 'time-out-of-bounds' });
  });
});
