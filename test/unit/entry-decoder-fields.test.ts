import { describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { sensorJob } from '../support/test-jobs.js';

const job = sensorJob({ values: { value: 'value', load: 'load' } });

function entry(...pairs: [string, string][]): RawEntry {
  return { id: '5-0', fields: pairs.map(([f, v]) => [Buffer.from(f, 'utf8'), Buffer.from(v, 'utf8')] as const) };
}

describe('the reference decoder finds key, time and values among the fields, or names what is missing', () => {
  it('reads the configured fields, whatever their order and whatever else the entry holds', () => {
    const d = decodeEntry(entry(['load', '0.5'], ['extra', 'x'], ['ts', '42'], ['value', '7'], ['sensor', 'kitchen']), job);
    expect(d).toEqual({ kind: 'ok', key: Buffer.from('kitchen'), time: 42, values: [7, 0.5] });
  });

  it.each<[string, [string, string][], string]>([
    ['no key field', [['ts', '1'], ['value', '1'], ['load', '1']], 'missing-key'],
    ['no time field', [['sensor', 's'], ['value', '1'], ['load', '1']], 'missing-time'],
    ['no first value', [['sensor', 's'], ['ts', '1'], ['load', '1']], 'missing-value'],
    ['no second value', [['sensor', 's'], ['ts', '1'], ['value', '1']], 'missing-value'],
    ['no fields at all', [], 'missing-key'],
    ['a field name differing in case', [['Sensor', 's'], ['ts', '1'], ['value', '1'], ['load', '1']], 'missing-key'],
  ])('%s → %s', (_what, pairs, reason) => {
    expect(decodeEntry(entry(...pairs), job)).toMatchObject({ kind: 'bad', reason });
  });

  it('checks key, then time, then values in order: the first problem is the reason', () => {
    expect(decodeEntry(entry(['value', 'abc']), job)).toMatchObject({ reason: 'missing-key' });
    expect(decodeEntry(entry(['sensor', 's'], ['ts', 'x'], ['value', 'abc']), job)).toMatchObject({ reason: 'bad-time' });
    expect(decodeEntry(entry(['sensor', 's'], ['ts', '1'], ['value', 'abc']), job)).toMatchObject({ reason: 'non-numeric-value' });
    expect(decodeEntry(entry(['sensor', 's'], ['ts', '1'], ['value', 'NaN'], ['load', 'abc']), job)).toMatchObject({ reason: 'non-finite-value' });
  });

  it.each<[string, [string, string][], string]>([
    ['the key', [['sensor', 'first'], ['ts', '10'], ['value', '1'], ['load', '2'], ['sensor', 'second']], 'sensor'],
    ['the time, even with equal values', [['sensor', 's'], ['ts', '10'], ['ts', '10'], ['value', '1'], ['load', '2']], 'ts'],
    ['a value, before any other problem of the entry', [['ts', 'x'], ['value', 'abc'], ['value', '1'], ['load', '1']], 'value'],
    ['the first duplicated field the job reads is named', [['load', '1'], ['load', '2'], ['value', '1'], ['value', '1'], ['sensor', 's'], ['ts', '1']], 'value'],
  ])('a field the job reads, occurring twice, is a duplicate-field: %s', (_what, pairs, field) => {
    expect(decodeEntry(entry(...pairs), job)).toEqual({ kind: 'bad', reason: 'duplicate-field', detail: `field "${field}" occurs more than once` });
  });

  it('a duplicated field the job does not read changes nothing', () => {
    const d = decodeEntry(entry(['sensor', 's'], ['ts', '10'], ['unit', 'C'], ['unit', 'F'], ['value', '1'], ['load', '2']), job);
    expect(d).toEqual({ kind: 'ok', key: Buffer.from('s'), time: 10, values: [1, 2] });
  });

  it('an "empty" entry (XADD s * "" "": Redis needs one field) lacks the key', () => {
    expect(decodeEntry(entry(['', '']), job)).toMatchObject({ kind: 'bad', reason: 'missing-key' });
    expect(decodeEntry(entry(['', ''], ['', '']), job)).toMatchObject({ kind: 'bad', reason: 'missing-key' });
  });

  it('an entry deleted while pending (nil fields) is "deleted", not a dead letter', () => {
    expect(decodeEntry({ id: '5-0', fields: null }, job)).toEqual({ kind: 'deleted' });
  });

  it('the key is the raw bytes of the field, including empty and non-UTF-8 bytes', () => {
    const raw = Buffer.from([0xff, 0x00, 0x0d, 0x0a]);
    const fields = [[Buffer.from('sensor'), raw], [Buffer.from('ts'), Buffer.from('1')], [Buffer.from('value'), Buffer.from('1')], [Buffer.from('load'), Buffer.from('1')]] as const;
    expect(decodeEntry({ id: '1-0', fields }, job)).toMatchObject({ kind: 'ok', key: raw });
    expect(decodeEntry(entry(['sensor', ''], ['ts', '1'], ['value', '1'], ['load', '1']), job)).toMatchObject({ kind: 'ok', key: Buffer.alloc(0) });
  });

  it('field names are matched as UTF-8 bytes', () => {
    const utf = sensorJob({ key: 'capteur·id' });
    expect(decodeEntry(entry(['capteur·id', 'c'], ['ts', '1'], ['value', '1']), utf)).toMatchObject({ kind: 'ok', key: Buffer.from('c') });
  });
});
