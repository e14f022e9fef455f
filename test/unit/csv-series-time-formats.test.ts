import { describe, expect, it } from 'vitest';
import { parseCsvSeries, parseTimestampMs } from '../../src/series/csv-series.js';

describe('CSV series times: ISO-8601, NAB style (UTC) and epoch milliseconds', () => {
  it.each([
    ['2014-04-01 00:00:00', Date.UTC(2014, 3, 1)],
    ['2014-04-10 07:15:00.000000', Date.UTC(2014, 3, 10, 7, 15)],
    ['2014-04-01T12:30:45Z', Date.UTC(2014, 3, 1, 12, 30, 45)],
    ['2014-04-01T12:30:45.123Z', Date.UTC(2014, 3, 1, 12, 30, 45, 123)],
    ['2014-04-01T12:30:45.5', Date.UTC(2014, 3, 1, 12, 30, 45, 500)],
    ['2014-04-01T12:30:45+02:00', Date.UTC(2014, 3, 1, 10, 30, 45)],
    ['2014-04-01T12:30:45-0130', Date.UTC(2014, 3, 1, 14, 0, 45)],
    ['2014-04-01T12:30', Date.UTC(2014, 3, 1, 12, 30)],
    ['2014-04-01', Date.UTC(2014, 3, 1)],
    ['2016-02-29 23:59:59', Date.UTC(2016, 1, 29, 23, 59, 59)],
    ['1396310400000', 1_396_310_400_000],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseTimestampMs(text)).toBe(ms);
  });

  it.each(['2015-02-29 00:00:00', '2014-13-01', '2014-04-01 24:00:00', '2014-04-01 12:60', '01/04/2014', 'yesterday', ''])(
    '%j is not a time',
    (text) => {
      expect(parseTimestampMs(text)).toBeUndefined();
    },
  );

  it('mixes formats in one file and echoes each as written', () => {
    const s = parseCsvSeries('timestamp,value\n1396310400000,1\n2014-04-01T00:05:00Z,2\n2014-04-01 00:10:00,3\n');
    expect([...s.timestamps]).toEqual([1_396_310_400_000, 1_396_310_700_000, 1_396_311_000_000]);
    expect(s.rawTimestamps).toEqual(['1396310400000', '2014-04-01T00:05:00Z', '2014-04-01 00:10:00']);
  });
});
