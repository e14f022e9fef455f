// The context detector saved part-way through NAB's nyc_taxi (10,320 rows: a model of ~2,500
// contexts, big CPython dicts, owed statistics, a rest period under way) and loaded into a fresh
// kernel instance goes on to the end of the file exactly as the original: every row, and the
// saved state after the last row. Under NAB's protocol (the file's range given) and with the
// range learned. Measured (release build, whole file, range given): 339,608 bytes saved (contexts
// 160 KB, left semi-contexts 119 KB, neuron pool 31 KB), 505 KB in memory; ~1 ms to save, ~1–7 ms
// to load. Skipped without the NAB data (../shared/data/nab or $EDDY_NAB_DIR).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDetectorParams } from '../../src/detect/detector-catalog.js';
import { nabDataAvailable, resolveNabDir } from '../../src/nab/nab-corpus-loader.js';
import { readCsvSeries } from '../../src/series/csv-series.js';
import { debugDetectors } from '../support/detector-series.js';
import { continueFromSnapshot } from '../support/detector-snapshots.js';

const k = debugDetectors();
const available = nabDataAvailable();

describe.skipIf(!available)('context saved part-way through nyc_taxi continues exactly', () => {
  it.each([
    ['range given (NAB\'s protocol)', true],
    ['range learned', false],
  ] as const)('%s', async (_, given) => {
    const { values } = await readCsvSeries(join(resolveNabDir(), 'data', 'realKnownCause', 'nyc_taxi.csv'));
    expect(values.length).toBe(10320);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    // NAB's restPeriod: probation / 5 = min(⌊0.15·n⌋, 750) / 5.
    const restPeriod = Math.trunc(Math.min(Math.floor(0.15 * values.length), 750) / 5);
    const detector = resolveDetectorParams('context', given ? { inputMin: lo, inputMax: hi, restPeriod } : { restPeriod });
    for (const cut of [2000, 7000, 10320]) {
      const { difference, snapshot } = continueFromSnapshot(k, detector, values, cut);
      if (difference) expect.fail(difference);
      if (cut === values.length) expect(snapshot.length).toBeLessThan(400_000);
    }
  }, 120_000);
});
