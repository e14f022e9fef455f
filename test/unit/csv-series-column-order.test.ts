import { describe, expect, it } from 'vitest';
import { parseCsvSeries } from '../../src/series/csv-series.js';

describe('CSV series columns are found by name, in any order, among others', () => {
  it('ignores other columns and reads value before timestamp', () => {
    const s = parseCsvSeries('host,value,label,timestamp\na,1.5,0,2014-04-01 00:00:00\nb,2.5,1,2014-04-01 00:05:00\n');
    expect([...s.values]).toEqual([1.5, 2.5]);
    expect(s.rawTimestamps).toEqual(['2014-04-01 00:00:00', '2014-04-01 00:05:00']);
    expect(s.bad).toEqual([]);
  });

  it('takes quoted header names and fields, commas inside quotes, a byte-order mark and spaces', () => {
    const s = parseCsvSeries('\uFEFF"note", "timestamp" ,"value"\n"a, b",2014-04-01 00:00:00,"7"\n"say ""hi""", "2014-04-01 00:05:00" , 8 \n');
    expect([...s.values]).toEqual([7, 8]);
    expect(s.rawTimestamps).toEqual(['2014-04-01 00:00:00', '2014-04-01 00:05:00']);
    expect(s.bad).toEqual([]);
  });

  it('matches the column names whatever their case', () => {
    expect([...parseCsvSeries('Timestamp,VALUE\n0,1\n').values]).toEqual([1]);
  });
});
