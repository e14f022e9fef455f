import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { msgpackJob } from '../support/test-jobs.js';

// IDs here ('9-0') are not times: bounds off, as the time-bounds tests cover them.
const job = msgpackJob({ timeBounds: 'off' });

function withPayload(payload: Buffer, field = 'p'): RawEntry {
  return { id: '9-0', fields: [[Buffer.from('other'), Buffer.from('x')], [Buffer.from(field), payload]] };
}

describe('in msgpack mode the reference decoder reads key, time and values from a map in one field', () => {
  it.each<[string, unknown, Buffer, number, number]>([
    ['a string key, numeric value', { k: 'kitchen', t: 1000, v: 1.5 }, Buffer.from('kitchen'), 1000, 1.5],
    ['an integer key', { k: 42, t: 1000, v: 2 }, Buffer.from('42'), 1000, 2],
    ['a float key', { k: 1.5, t: 1000, v: 2 }, Buffer.from('1.5'), 1000, 2],
    ['a decimal-text value', { k: 'a', t: 1000, v: '2.5e1' }, Buffer.from('a'), 1000, 25],
    ['a digits-text time', { k: 'a', t: '0001000', v: 1 }, Buffer.from('a'), 1000, 1],
    ['a 64-bit integer time', { k: 'a', t: 8_640_000_000_000_000n, v: 1 }, Buffer.from('a'), 8.64e15, 1],
    ['a binary key', { k: Buffer.from([0xff, 0x01]), t: 1, v: 1 }, Buffer.from([0xff, 0x01]), 1, 1],
    ['a Map payload', new Map<string, unknown>([['k', 'm'], ['t', 7], ['v', 3]]), Buffer.from('m'), 7, 3],
  ])('%s', (_what, payload, key, time, value) => {
    const d = decodeEntry(withPayload(pack(payload)), job);
    expect(d).toMatchObject({ kind: 'ok', key, time });
    if (d.kind === 'ok') expect(Object.is(d.values[0], value)).toBe(true);
  });

  it('a float64 -0 value keeps its sign', () => {
    // pack(-0) writes the integer 0, so the float64 is written by hand: {k: 'a', t: 0, v: -0.0}.
    const raw = Buffer.from([0x83, 0xa1, 0x6b, 0xa1, 0x61, 0xa1, 0x74, 0x00, 0xa1, 0x76, 0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0]);
    const d = decodeEntry(withPayload(raw), job);
    expect(d).toMatchObject({ kind: 'ok', key: Buffer.from('a'), time: 0 });
    if (d.kind === 'ok') expect(Object.is(d.values[0], -0)).toBe(true);
  });

  it.each<[string, unknown, string]>([
    ['no key', { t: 1, v: 1 }, 'missing-key'],
    ['a boolean key', { k: true, t: 1, v: 1 }, 'missing-key'],
    ['a nil key', { k: null, t: 1, v: 1 }, 'missing-key'],
    ['a NaN key', { k: Number.NaN, t: 1, v: 1 }, 'missing-key'],
    ['no time', { k: 'a', v: 1 }, 'missing-time'],
    ['a nil time', { k: 'a', t: null, v: 1 }, 'missing-time'],
    ['a fractional time', { k: 'a', t: 1.5, v: 1 }, 'bad-time'],
    ['a negative time', { k: 'a', t: -1, v: 1 }, 'bad-time'],
    ['a time past 8.64e15', { k: 'a', t: 8.64e15 + 1, v: 1 }, 'bad-time'],
    ['a text time with a sign', { k: 'a', t: '+1', v: 1 }, 'bad-time'],
    ['a boolean time', { k: 'a', t: true, v: 1 }, 'bad-time'],
    ['no value', { k: 'a', t: 1 }, 'missing-value'],
    ['a nil value', { k: 'a', t: 1, v: null }, 'missing-value'],
    ['a NaN value', { k: 'a', t: 1, v: Number.NaN }, 'non-finite-value'],
    ['an infinite value', { k: 'a', t: 1, v: Infinity }, 'non-finite-value'],
    ['a text value "inf"', { k: 'a', t: 1, v: 'inf' }, 'non-finite-value'],
    ['a text value "abc"', { k: 'a', t: 1, v: 'abc' }, 'non-numeric-value'],
    ['a boolean value', { k: 'a', t: 1, v: false }, 'non-numeric-value'],
    ['an array value', { k: 'a', t: 1, v: [1] }, 'non-numeric-value'],
  ])('%s → %s', (_what, payload, reason) => {
    expect(decodeEntry(withPayload(pack(payload)), job)).toMatchObject({ kind: 'bad', reason });
  });

  it('an entry without the payload field is bad-payload, naming the field', () => {
    const d = decodeEntry(withPayload(pack({ k: 'a', t: 1, v: 1 }), 'q'), job);
    expect(d).toMatchObject({ kind: 'bad', reason: 'bad-payload' });
    if (d.kind === 'bad') expect(d.detail).toContain('"p"');
  });

  it.each<[string, unknown]>([
    ['an array', [1, 2]],
    ['a string', 'k'],
    ['a number', 5],
    ['nil', null],
    ['a boolean', true],
  ])('msgpack that is %s, not a map, is bad-payload', (_what, payload) => {
    expect(decodeEntry(withPayload(pack(payload)), job)).toMatchObject({ kind: 'bad', reason: 'bad-payload' });
  });

  it.each<[string, Buffer]>([
    ['text that is not msgpack', Buffer.from('garbage')],
    ['an empty field', Buffer.alloc(0)],
    ['a truncated map', pack({ k: 'a', t: 1, v: 1 }).subarray(0, 5)],
    ['a map followed by trailing bytes', Buffer.concat([pack({ k: 'a', t: 1, v: 1 }), Buffer.from([0x01])])],
    // Decodable msgpack that is still not a map: unpack() returns objects (a marker, a Buffer, a
    // Date) that are not plain key/value maps and must not be read as one.
    ['the reserved byte 0xc1', Buffer.from([0xc1])],
    ['a bin (byte string)', pack(Buffer.from('kvt'))],
    ['a timestamp extension', pack(new Date(5))],
  ])('%s is bad-payload', (_what, raw) => {
    expect(decodeEntry(withPayload(raw), job)).toMatchObject({ kind: 'bad', reason: 'bad-payload' });
  });

  it('two fields with the payload name are a duplicate-field: which one is meant is unknowable', () => {
    const entry: RawEntry = { id: '9-0', fields: [[Buffer.from('p'), pack({ k: 'first', t: 1, v: 1 })], [Buffer.from('p'), pack({ k: 'second', t: 1, v: 1 })]] };
    expect(decodeEntry(entry, job)).toEqual({ kind: 'bad', reason: 'duplicate-field', detail: 'field "p" occurs more than once' });
  });

  it('an entry deleted while pending is "deleted"', () => {
    expect(decodeEntry({ id: '9-0', fields: null }, job)).toEqual({ kind: 'deleted' });
  });
});
