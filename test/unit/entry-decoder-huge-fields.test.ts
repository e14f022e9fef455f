// A field of a megabyte — a value, an unrelated field or the key — is decoded on its merits and in
// linear time: no limit of eddy's own, and no regular expression that backtracks on long digit runs.

import { describe, expect, it } from 'vitest';
import { decodeEntry, numberOf } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { sensorJob } from '../support/test-jobs.js';

const MB = 1 << 20;
const job = sensorJob({ timeBounds: 'off' });

function entry(...pairs: [string, string | Buffer][]): RawEntry {
  return { id: '5-0', fields: pairs.map(([f, v]) => [Buffer.from(f), typeof v === 'string' ? Buffer.from(v, 'latin1') : v] as const) };
}

describe('megabyte fields', () => {
  it.each([
    ['a million digits then junk', `${'1'.repeat(MB)}x`, 'non-numeric-value'],
    ['a million digits, a point, a million digits, then junk', `${'1'.repeat(MB)}.${'2'.repeat(MB)}x`, 'non-numeric-value'],
    ['a million digits with an exponent and junk', `${'1'.repeat(MB)}e${'3'.repeat(MB)}x`, 'non-numeric-value'],
    ['a million digits: a finite number would be exact, this one overflows', '9'.repeat(MB), 'non-finite-value'],
  ])('a value of %s is decided in linear time: %s', { timeout: 30_000 }, (_what, text, reason) => {
    // Linear takes milliseconds; the backtracking pattern this guards against took 23 s on 100k
    // digits, i.e. about 40 minutes on a megabyte. A bound 1000× above linear separates the two on
    // any machine, however loaded: this is not a speed test.
    const started = performance.now();
    expect(numberOf(Buffer.from(text, 'latin1'))).toBe(reason);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('a megabyte value that is a number is that number', () => {
    expect(decodeEntry(entry(['sensor', 's'], ['ts', '1'], ['value', `0.${'0'.repeat(MB)}`]), job)).toMatchObject({ kind: 'ok', values: [0] });
  });

  it('an unrelated megabyte field changes nothing', () => {
    const d = decodeEntry(entry(['blob', Buffer.alloc(MB, 0xab)], ['sensor', 's'], ['ts', '7'], ['value', '2.5']), job);
    expect(d).toEqual({ kind: 'ok', key: Buffer.from('s'), time: 7, values: [2.5] });
  });

  it('a megabyte of binary bytes as the key is a key', () => {
    const key = Buffer.from(Array.from({ length: MB }, (_, i) => (i * 7919) & 0xff));
    const d = decodeEntry(entry(['sensor', key], ['ts', '7'], ['value', '1']), job);
    expect(d.kind).toBe('ok');
    expect(d.kind === 'ok' && d.key.equals(key)).toBe(true);
  });
});
