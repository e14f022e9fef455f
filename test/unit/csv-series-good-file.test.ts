import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvSeries, readCsvSeries } from '../../src/series/csv-series.js';

const NAB_STYLE = 'timestamp,value\n2014-04-01 00:00:00,19.761252\n2014-04-01 00:05:00,20.5\n2014-04-01 00:10:00,-3e2\n';

describe('a well-formed CSV series reads completely', () => {
  it('gives epoch-ms times (UTC), values, the time text as written and 1-based line numbers', () => {
    const s = parseCsvSeries(NAB_STYLE);
    expect([...s.timestamps]).toEqual([Date.UTC(2014, 3, 1), Date.UTC(2014, 3, 1, 0, 5), Date.UTC(2014, 3, 1, 0, 10)]);
    expect([...s.values]).toEqual([19.761252, 20.5, -300]);
    expect(s.rawTimestamps).toEqual(['2014-04-01 00:00:00', '2014-04-01 00:05:00', '2014-04-01 00:10:00']);
    expect(s.rows).toEqual([2, 3, 4]);
    expect(s.bad).toEqual([]);
  });

  it('reads CRLF line endings, a missing final newline and trailing blank lines the same way', () => {
    const plain = parseCsvSeries(NAB_STYLE);
    for (const text of [NAB_STYLE.replaceAll('\n', '\r\n'), NAB_STYLE.trimEnd(), `${NAB_STYLE}\n\r\n\n`]) {
      expect(parseCsvSeries(text)).toEqual(plain);
    }
  });

  it('reads a file from disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-csv-'));
    try {
      const file = join(dir, 'series.csv');
      await writeFile(file, NAB_STYLE);
      expect(await readCsvSeries(file)).toEqual(parseCsvSeries(NAB_STYLE));
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  // A generous bound: it only has to catch quadratic work (parsing takes about 0.5 s here).
  it('reads 250 000 rows (about 8 MB) in well under 15 s', () => {
    const lines = ['timestamp,value'];
    for (let i = 0; i < 250_000; i++) lines.push(`${new Date(1_400_000_000_000 + i * 1000).toISOString()},${i * 0.5}`);
    const started = performance.now();
    const s = parseCsvSeries(lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(s.values.length).toBe(250_000);
    expect(s.values[249_999]).toBe(124_999.5);
  });
});
