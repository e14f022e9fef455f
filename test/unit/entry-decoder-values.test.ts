import { describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { sensorJob } from '../support/test-jobs.js';

const job = sensorJob();

function entryWithValue(value: string): RawEntry {
  return { id: '1-0', fields: [[Buffer.from('sensor'), Buffer.from('s1')], [Buffer.from('ts'), Buffer.from('1000')], [Buffer.from('value'), Buffer.from(value, 'latin1')]] };
}

describe('the reference decoder reads a value as decimal text, or says why it cannot', () => {
  it.each([
    ['5', 5],
    ['5.', 5],
    ['.5', 0.5],
    ['+5', 5],
    ['-5', -5],
    ['-0', -0],
    ['0', 0],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['-2.5e+2', -250],
    ['000123', 123],
    ['0.1', 0.1],
    ['123456789012345678901234567890', 123456789012345678901234567890],
    ['1e308', 1e308],
    ['5e-324', 5e-324],
    ['1e-400', 0],
  ])('%j is %j', (text, value) => {
    const d = decodeEntry(entryWithValue(text), job);
    expect(d.kind).toBe('ok');
    if (d.kind === 'ok') expect(Object.is(d.values[0], value)).toBe(true);
  });

  it.each([
    'abc', '', ' 1', '1 ', '0x10', '1_000', '1,5', '.', '-', '+', '--1', '+-1', '1..2', '1.2.3', 'e5', '1e', '1e+', '٣', 'Infinityx',
  ])('%j is non-numeric-value', (text) => {
    expect(decodeEntry(entryWithValue(text), job)).toMatchObject({ kind: 'bad', reason: 'non-numeric-value' });
  });

  it.each(['NaN', 'nan', '-NaN', 'Infinity', '-Infinity', '+infinity', 'inf', '-inf', 'INF', '1e999', '-1e400'])(
    '%j is non-finite-value',
    (text) => {
      expect(decodeEntry(entryWithValue(text), job)).toMatchObject({ kind: 'bad', reason: 'non-finite-value' });
    },
  );
});
