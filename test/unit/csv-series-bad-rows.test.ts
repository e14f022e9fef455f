import { describe, expect, it } from 'vitest';
import { parseCsvSeries } from '../../src/series/csv-series.js';

describe('bad CSV rows are reported with their line number and skipped, never thrown', () => {
  const text = [
    'timestamp,value', //                 line 1
    '2014-04-01 00:00:00,1', //           2  good
    '2014-04-01 00:05:00', //             3  one column
    '2014-04-01 00:10:00,2,extra', //     4  three columns
    'not a time,3', //                    5
    '2014-04-01 00:20:00,abc', //         6
    '2014-04-01 00:25:00,NaN', //         7
    '2014-04-01 00:30:00,Infinity', //    8
    '2014-04-01 00:35:00,', //            9  empty value
    '', //                               10  empty line in the middle
    '2014-04-01 00:45:00,0x10', //       11  hex is not a decimal number
    '2014-04-01 00:50:00,4', //          12  good
    '', //                               13  trailing: not a bad row
    '',
  ].join('\r\n');

  const s = parseCsvSeries(text);

  it('keeps the good rows with their line numbers', () => {
    expect(s.rows).toEqual([2, 12]);
    expect([...s.values]).toEqual([1, 4]);
  });

  it('names each bad line and what is wrong with it', () => {
    expect(s.bad).toEqual([
      { line: 3, reason: 'expected 2 columns, found 1' },
      { line: 4, reason: 'expected 2 columns, found 3' },
      { line: 5, reason: 'unreadable timestamp "not a time"' },
      { line: 6, reason: 'value "abc" is not a finite number' },
      { line: 7, reason: 'value "NaN" is not a finite number' },
      { line: 8, reason: 'value "Infinity" is not a finite number' },
      { line: 9, reason: 'value "" is not a finite number' },
      { line: 10, reason: 'empty line' },
      { line: 11, reason: 'value "0x10" is not a finite number' },
    ]);
  });
});
