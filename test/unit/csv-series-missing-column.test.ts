import { describe, expect, it } from 'vitest';
import { parseCsvSeries } from '../../src/series/csv-series.js';

describe('a CSV header without a timestamp or value column is an error naming the column and the header', () => {
  it.each([
    ['time,value\n0,1\n', 'timestamp', 'time,value'],
    ['timestamp,val\n0,1\n', 'value', 'timestamp,val'],
    ['', 'timestamp', ''],
  ])('%j lacks %s', (text, column, header) => {
    expect(() => parseCsvSeries(text, 'series.csv')).toThrow(
      `series.csv: the header has no "${column}" column (the header was "${header}"); name the time column "timestamp" and the value column "value"`,
    );
  });
});
