// RecordPacker writes what Redis' cmsgpack reads: an array of records, each an array of `str`
// values holding exactly the field's bytes (UTF-8 for text, raw for byte strings), at every size
// class of the msgpack headers.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { packRecords } from '../../src/redis/lua-records.js';

/** A decoder for the subset written: arrays and str, returning raw bytes per string. */
function decode(b: Buffer): Buffer[][] {
  let at = 0;
  const len = (): number => {
    const t = b[at++]!;
    if ((t & 0xf0) === 0x90) return t & 0x0f;
    if ((t & 0xe0) === 0xa0) return t & 0x1f;
    if (t === 0xd9) return b[at++]!;
    if (t === 0xda || t === 0xdc) return (at += 2), b.readUInt16BE(at - 2);
    if (t === 0xdb || t === 0xdd) return (at += 4), b.readUInt32BE(at - 4);
    throw new Error(`unexpected type byte ${t}`);
  };
  const records: Buffer[][] = [];
  for (let r = len(); r > 0; r--) {
    const fields: Buffer[] = [];
    for (let f = len(); f > 0; f--) {
      const n = len();
      fields.push(b.subarray(at, at + n));
      at += n;
    }
    records.push(fields);
  }
  expect(at).toBe(b.length);
  return records;
}

const field = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 70 }).map((a) => Buffer.from(a)),
  fc.constantFrom('', 'x'.repeat(31), 'x'.repeat(32), 'é'.repeat(20), 'y'.repeat(255), 'z'.repeat(256)),
);

test('every field comes back as exactly its bytes, in order', () => {
  fc.assert(
    fc.property(fc.array(fc.array(field, { maxLength: 12 }), { maxLength: 12 }), (records) => {
      const expected = records.map((r) => r.map((f) => (typeof f === 'string' ? Buffer.from(f, 'utf8') : f)));
      expect(decode(packRecords(records))).toEqual(expected);
    }),
    { numRuns: 200 },
  );
});

test('a 70,000-byte field takes the 32-bit string header', () => {
  const big = 'w'.repeat(70_000);
  expect(decode(packRecords([['big', big]]))[0]![1]!.toString()).toBe(big);
});

test('array headers switch size at 16 and 65536 elements', () => {
  for (const n of [15, 16, 65_535, 65_536]) {
    const records = Array.from({ length: n }, () => ['a']);
    expect(decode(packRecords(records)).length).toBe(n);
  }
});
