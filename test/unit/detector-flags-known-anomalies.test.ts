// Each detector flags the anomaly shapes it is built for, within the delay it documents, and stays
// quiet on the shapes its documentation says it ignores. Series: seeded white noise N(100, 1) of
// 3000 rows, one anomaly injected from row 1500 (test/support/detector-series.ts):
//
//   spike / dip       +8σ / −8σ at row 1500 only          ....│....
//   level shift       +6σ from row 1500 on                ....┌────
//   trend change      slope 0 → +0.1σ per row from 1500   ..../
//   variance change   σ 1 → 5 from row 1500 on            ....≈≈≈≈
//
// "Delay d" means flagged at row 1500 + d; "within D rows" means some row in [1500, 1500 + D) is
// flagged. Eight seeds each, so a pass is not one lucky draw. All at the catalog defaults unless named.

import { describe, expect, it } from 'vitest';
import type { DetectorName } from '../../src/detect/detector-catalog.js';
import { runDetectorSeries } from '../../src/detect/series-detector.js';
import { type AnomalyShape, INJECTED_LENGTH, INJECT_AT, debugDetectors, flaggedRows, injectedSeries } from '../support/detector-series.js';

const k = debugDetectors();
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Flagged rows, as offsets from the injection row, in [from, to) offsets. */
function flags(name: DetectorName, shape: AnomalyShape, seed: number, from: number, to: number, params: Record<string, number> = {}): number[] {
  const values = injectedSeries(shape, seed);
  const times = Float64Array.from(values, (_, i) => i * 1000);
  const rows = runDetectorSeries(k, name, params, times, values);
  return flaggedRows(rows, INJECT_AT + from, Math.min(INJECTED_LENGTH, INJECT_AT + to)).map((i) => i - INJECT_AT);
}

function eachSeed(check: (seed: number) => void): void {
  for (const seed of SEEDS) check(seed);
}

describe('zscore', () => {
  it('flags a spike and a dip at their row (delay 0)', () => {
    eachSeed((seed) => {
      expect(flags('zscore', 'spike', seed, 0, 1), `seed ${seed}`).toEqual([0]);
      expect(flags('zscore', 'dip', seed, 0, 1), `seed ${seed}`).toEqual([0]);
    });
  });
  it('flags a 6σ level shift at its first row (delay 0)', () => {
    eachSeed((seed) => expect(flags('zscore', 'level-shift', seed, 0, 1), `seed ${seed}`).toEqual([0]));
  });
  it('flags a variance increase within 10 rows', () => {
    eachSeed((seed) => expect(flags('zscore', 'variance-change', seed, 0, 10).length, `seed ${seed}`).toBeGreaterThan(0));
  });
  it('does not flag a slow trend (0.1σ per row): its mean follows', () => {
    eachSeed((seed) => expect(flags('zscore', 'trend-change', seed, 0, INJECTED_LENGTH), `seed ${seed}`).toEqual([]));
  });
});

describe('mad', () => {
  it('flags a spike and a dip at their row (delay 0)', () => {
    eachSeed((seed) => {
      expect(flags('mad', 'spike', seed, 0, 1), `seed ${seed}`).toEqual([0]);
      expect(flags('mad', 'dip', seed, 0, 1), `seed ${seed}`).toEqual([0]);
    });
  });
  it('flags a 6σ level shift at its first row, and no longer once the shifted values are the window majority', () => {
    const window = 64;
    eachSeed((seed) => {
      expect(flags('mad', 'level-shift', seed, 0, 1), `seed ${seed}`).toEqual([0]);
      expect(flags('mad', 'level-shift', seed, window / 2, 2 * window), `seed ${seed}`).toEqual([]);
    });
  });
  it('flags a variance increase within 10 rows', () => {
    eachSeed((seed) => expect(flags('mad', 'variance-change', seed, 0, 10).length, `seed ${seed}`).toBeGreaterThan(0));
  });
});

describe('spike-dip', () => {
  it('flags a spike and a dip at their row (delay 0), and not the rows after, which are back to normal', () => {
    eachSeed((seed) => {
      expect(flags('spike-dip', 'spike', seed, 0, 5), `seed ${seed}`).toEqual([0]);
      expect(flags('spike-dip', 'dip', seed, 0, 5), `seed ${seed}`).toEqual([0]);
    });
  });
  it('flags a level shift only at its start: its first row, then nothing after ⌈levelWindow/2⌉ = 3 rows beyond the noise rate', () => {
    eachSeed((seed) => {
      expect(flags('spike-dip', 'level-shift', seed, 0, 1), `seed ${seed}`).toEqual([0]);
      const later = flags('spike-dip', 'level-shift', seed, 3, INJECTED_LENGTH);
      // The catalog's false-positive rate is 1e-2: the shifted series is judged as plain noise.
      expect(later.length, `seed ${seed}: ${later.join(',')}`).toBeLessThanOrEqual(0.02 * (INJECTED_LENGTH - INJECT_AT - 3));
      expect(later.filter((d) => d < 3 + 5), `seed ${seed}`).toEqual([]);
    });
  });
  it('mode 1 flags spikes but not dips; mode 2 dips but not spikes', () => {
    eachSeed((seed) => {
      expect(flags('spike-dip', 'spike', seed, 0, 1, { mode: 1 }), `seed ${seed}`).toEqual([0]);
      expect(flags('spike-dip', 'dip', seed, 0, 1, { mode: 1 }), `seed ${seed}`).toEqual([]);
      expect(flags('spike-dip', 'dip', seed, 0, 1, { mode: 2 }), `seed ${seed}`).toEqual([0]);
      expect(flags('spike-dip', 'spike', seed, 0, 1, { mode: 2 }), `seed ${seed}`).toEqual([]);
    });
  });
  it('flags a variance increase within 10 rows', () => {
    eachSeed((seed) => expect(flags('spike-dip', 'variance-change', seed, 0, 10).length, `seed ${seed}`).toBeGreaterThan(0));
  });
});

describe('change-point', () => {
  it('flags a 6σ level shift within 5 rows (⌈λ/(clip − drift)⌉ = 4 rows of +2.5 each, at most)', () => {
    eachSeed((seed) => expect(flags('change-point', 'level-shift', seed, 0, 5).length, `seed ${seed}`).toBeGreaterThan(0));
  });
  it('flags a trend change to 0.1σ per row within 30 rows', () => {
    eachSeed((seed) => expect(flags('change-point', 'trend-change', seed, 0, 30).length, `seed ${seed}`).toBeGreaterThan(0));
  });
  it('does not flag an isolated 8σ spike or dip, at its row or in the 50 rows after', () => {
    eachSeed((seed) => {
      expect(flags('change-point', 'spike', seed, 0, 50), `seed ${seed}`).toEqual([]);
      expect(flags('change-point', 'dip', seed, 0, 50), `seed ${seed}`).toEqual([]);
    });
  });
  it('does not flag even a 1000σ spike: clipping caps what one value adds', () => {
    const values = injectedSeries('spike', 3);
    values[INJECT_AT] = 100 + 1000;
    const rows = runDetectorSeries(k, 'change-point', {}, Float64Array.from(values, (_, i) => i), values);
    expect(flaggedRows(rows, INJECT_AT, INJECT_AT + 50)).toEqual([]);
  });
});
