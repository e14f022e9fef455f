import { describe, expect, it } from 'vitest';
import { decodeEntry, MAX_EVENT_TIME_MS } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { entryIdJob, sensorJob } from '../support/test-jobs.js';

/** The ID '1-0' is not a time, so these parsing tests switch the time bounds off (see entry-decoder-time-bounds.test.ts). */
const unbounded = (): ReturnType<typeof sensorJob> => sensorJob({ timeBounds: 'off' });

function entryAt(ts: string): RawEntry {
  return { id: '1-0', fields: [[Buffer.from('sensor'), Buffer.from('s1')], [Buffer.from('ts'), Buffer.from(ts)], [Buffer.from('value'), Buffer.from('1')]] };
}

/** Key `k` and values `a`, `b`, `c`: everything entryIdJob() needs besides the ID. */
function idJobFields(): [Buffer, Buffer][] {
  return ['k', 'a', 'b', 'c'].map((f) => [Buffer.from(f), Buffer.from('1')]);
}

describe('event time is integer epoch milliseconds in [0, 8.64e15], written as digits only', () => {
  it('the bound is the last millisecond a Date can hold', () => {
    expect(MAX_EVENT_TIME_MS).toBe(8.64e15);
    expect(new Date(MAX_EVENT_TIME_MS).getTime()).toBe(MAX_EVENT_TIME_MS);
    expect(new Date(MAX_EVENT_TIME_MS + 1).getTime()).toBeNaN();
  });

  it.each([
    ['0', 0],
    ['1700000000000', 1_700_000_000_000],
    ['0001700000000000', 1_700_000_000_000],
    ['8640000000000000', 8.64e15],
    ['00000000000000000000000000042', 42],
  ])('%j is %j ms', (ts, ms) => {
    expect(decodeEntry(entryAt(ts), unbounded())).toMatchObject({ kind: 'ok', time: ms });
  });

  it.each(['-1', '-0', '+5', '1.5', '1700000000000.0', '1e12', 'abc', '', ' 1', '1 ', '0x10', '8640000000000001', '99999999999999999999'])(
    '%j is bad-time',
    (ts) => {
      expect(decodeEntry(entryAt(ts), unbounded())).toMatchObject({ kind: 'bad', reason: 'bad-time' });
    },
  );

  it("with time 'entry-id' the time is the ID's millisecond part", () => {
    const d = decodeEntry({ id: '1700000000123-7', fields: idJobFields() }, entryIdJob());
    expect(d).toMatchObject({ kind: 'ok', time: 1_700_000_000_123 });
  });

  // DESIGN.md, "Bad input": an absurd timestamp goes to the dead-letter stream. Redis accepts any
  // explicit ID up to 18446744073709551615-18446744073709551615, so the ID's time needs the same bound.
  it.each(['8640000000000001-0', '18446744073709551615-0'])("with time 'entry-id', an ID whose milliseconds exceed 8.64e15 (%s) is bad-time", (id) => {
    expect(decodeEntry({ id, fields: idJobFields() }, entryIdJob())).toMatchObject({ kind: 'bad', reason: 'bad-time' });
  });
});
