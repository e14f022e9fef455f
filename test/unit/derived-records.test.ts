import { describe, expect, it } from 'vitest';
import { deadLetterRecord, lateRecord, MAX_COPIED_FIELDS } from '../../src/pipeline/derived-records.js';
import type { RawEntry } from '../../src/reference/resp-value.js';

const entry: RawEntry = { id: '1700000000000-3', fields: [[Buffer.from('sensor'), Buffer.from('s1')], [Buffer.from('value'), Buffer.from('abc')]] };

const text = (fields: (string | Buffer)[]) => fields.map((f) => f.toString());

describe('late events and dead letters carry the original fields, then why, then where from', () => {
  it('a late event: original fields, the window it missed, the watermark, the source ID', () => {
    expect(text(lateRecord(entry, -3, 7, 10.5))).toEqual([
      'sensor', 's1', 'value', 'abc', 'window_start', '-3', 'window_end', '7', 'watermark', '10.5', 'source_id', '1700000000000-3',
    ]);
  });

  it('a dead letter: original fields, reason, detail, source ID', () => {
    expect(text(deadLetterRecord(entry, 'non-numeric-value', '"value" is not a decimal number'))).toEqual([
      'sensor', 's1', 'value', 'abc', 'reason', 'non-numeric-value', 'detail', '"value" is not a decimal number', 'source_id', '1700000000000-3',
    ]);
  });

  it('original field bytes are copied as they are (Buffers, not re-encoded text)', () => {
    const raw = Buffer.from([0xff, 0xfe]);
    const record = deadLetterRecord({ id: '1-0', fields: [[Buffer.from('k'), raw]] }, 'missing-time', 'no field "ts"');
    expect(record[1]).toEqual(raw);
  });

  it('an entry deleted while pending has no original fields', () => {
    expect(text(deadLetterRecord({ id: '1-0', fields: null }, 'missing-key', 'x'))).toEqual(['reason', 'missing-key', 'detail', 'x', 'source_id', '1-0']);
  });

  it(`more than ${MAX_COPIED_FIELDS} fields are cut, and the record says how many were left out`, () => {
    const many: RawEntry = { id: '1-0', fields: Array.from({ length: MAX_COPIED_FIELDS + 5 }, (_, i) => [Buffer.from(`f${i}`), Buffer.from('v')] as const) };
    const record = text(lateRecord(many, 0, 10, 10));
    expect(record.slice(0, 2)).toEqual(['f0', 'v']);
    expect(record.slice(2 * MAX_COPIED_FIELDS, 2 * MAX_COPIED_FIELDS + 2)).toEqual(['fields_truncated', '5']);
    expect(record).toHaveLength(2 * MAX_COPIED_FIELDS + 2 + 8);
  });
});
