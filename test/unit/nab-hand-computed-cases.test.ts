import { describe, expect, it } from 'vitest';
import type { NabProfile } from '../../src/nab/nab-profiles.js';
import { scoreNabFile } from '../../src/nab/nab-scorer.js';
import { bestNabThreshold, prepareNabSweep, sweepNabThresholds } from '../../src/nab/nab-sweep.js';
import { layoutNabFile, type NabWindowText } from '../../src/nab/nab-windows.js';

// One 40-row file, one row a minute. Probation is floor(0.15 · 40) = 6 rows, so rows 0–5 are
// never scored. The usual window covers rows 10–14 (width 5):
//
//   row        0     5 6   10   14 15      25   29 30        39
//              ppppppp|...[=====]............[=====]...........
//   inside  y = −(14 − i + 1) / 5:  row 10 → −1, 11 → −0.8, 12 → −0.6, 13 → −0.4, 14 → −0.2
//   after   y = (i − 14) / (5 − 1): row 15 → 0.25, 16 → 0.5, … , 27+ → > 3 (S = −1)
//
// S(y) = 2·sigmoid(−5y) − 1 = tanh(−5y/2), and a hit earns S(y)/S(−1) = tanh(−5y/2)/tanh(2.5) ·
// tpWeight; a false positive costs S(y) · fpWeight. The numbers below were worked out from these
// formulas (with Math.tanh) by hand, not by running the scorer.

const STANDARD: NabProfile = { name: 'standard', tpWeight: 1, fnWeight: 1, fpWeight: 0.11 };
const LOW_FN: NabProfile = { name: 'reward_low_FN_rate', tpWeight: 1, fnWeight: 2, fpWeight: 0.11 };
const ROWS = 40;
const T0 = Date.UTC(2014, 0, 1);

const text = (row: number) => new Date(T0 + row * 60_000).toISOString().replace('T', ' ').slice(0, 19);
const timestamps = Float64Array.from({ length: ROWS }, (_, i) => T0 + i * 60_000);
const windowsAt = (...pairs: [number, number][]): NabWindowText[] => pairs.map(([s, e]) => [text(s), text(e)]);

/** Raw score of a detector that fires (score 1) exactly on `detections`, at threshold 0.5. */
function rawScore(windows: NabWindowText[], detections: number[], profile = STANDARD): number {
  const layout = layoutNabFile('hand.csv', timestamps, windows);
  const scores = new Float64Array(ROWS);
  for (const d of detections) scores[d] = 1;
  const direct = scoreNabFile(layout, scores, 0.5, profile).score;
  // The sweep must agree at the threshold that turns exactly these rows into detections.
  const curve = sweepNabThresholds(prepareNabSweep([{ layout, anomalyScores: scores }]), profile);
  const at = curve.thresholds.indexOf(detections.some((d) => d >= 6) ? 1 : 1.1);
  expect(curve.scores[at]).toBeCloseTo(direct, 12);
  return direct;
}

const ONE_WINDOW = windowsAt([10, 14]);

describe('NAB scores hand-computed cases exactly as its sweeper does', () => {
  it('a detection at the left edge earns exactly tpWeight', () => {
    expect(rawScore(ONE_WINDOW, [10])).toBe(1);
  });

  it('a detection in the middle earns S(−0.6)/S(−1) = tanh(1.5)/tanh(2.5)', () => {
    expect(rawScore(ONE_WINDOW, [12])).toBeCloseTo(0.9174286804284078, 12);
  });

  it('a detection on the right edge still earns S(−1/5)/S(−1) = tanh(0.5)/tanh(2.5), not 0', () => {
    expect(rawScore(ONE_WINDOW, [14])).toBeCloseTo(0.4683868439022782, 12);
  });

  it('of two detections in one window only the first counts: S(−0.8)/S(−1) = tanh(2)/tanh(2.5)', () => {
    expect(rawScore(ONE_WINDOW, [11, 13])).toBeCloseTo(0.9771068409226047, 12);
  });

  it('a false positive just after a window costs fpWeight · S(1/4); the missed window costs fnWeight', () => {
    // −1 + 0.11 · tanh(−0.625)
    expect(rawScore(ONE_WINDOW, [15])).toBeCloseTo(-1.061005969458432, 12);
  });

  it('a false positive more than 3 window-widths after a window costs the full fpWeight', () => {
    // Row 30: y = 16 / 4 = 4 > 3, so S = −1: −1 (missed) − 0.11.
    expect(rawScore(ONE_WINDOW, [30])).toBeCloseTo(-1.11, 12);
  });

  it('a false positive before any window costs the full fpWeight', () => {
    expect(rawScore(ONE_WINDOW, [7])).toBeCloseTo(-1.11, 12);
  });

  it('a detection in the probation period is not scored at all', () => {
    expect(rawScore(ONE_WINDOW, [3])).toBe(-1);
    expect(rawScore(ONE_WINDOW, [5, 10])).toBe(1);
    // Row 6 is the first scored row: a false positive there costs.
    expect(rawScore(ONE_WINDOW, [6])).toBeCloseTo(-1.11, 12);
  });

  it('a false positive between two windows is measured from the one before it', () => {
    // Windows 10–14 and 25–29. Hit at 10 (+1), FP at 16: y = 2/4 → 0.11 · tanh(−1.25), window 2 missed (−1).
    expect(rawScore(windowsAt([10, 14], [25, 29]), [10, 16])).toBeCloseTo(-0.09331120039532648, 12);
  });

  it('the low-FN profile charges fnWeight 2 for a missed window', () => {
    expect(rawScore(windowsAt([10, 14], [25, 29]), [25], LOW_FN)).toBeCloseTo(1 - 2, 12);
  });

  it('counts rows the way NAB does: hits and misses are rows inside windows past probation', () => {
    const layout = layoutNabFile('hand.csv', timestamps, ONE_WINDOW);
    const scores = new Float64Array(ROWS);
    for (const d of [3, 11, 13, 20]) scores[d] = 1;
    expect(scoreNabFile(layout, scores, 0.5, STANDARD)).toMatchObject({ tp: 2, fn: 3, fp: 1, tn: 40 - 6 - 5 - 1 });
  });

  it('the best threshold is the one that fires only on the hit', () => {
    const layout = layoutNabFile('hand.csv', timestamps, ONE_WINDOW);
    const scores = new Float64Array(ROWS).fill(0.2);
    scores[10] = 0.9;
    scores[30] = 0.5;
    const best = bestNabThreshold(sweepNabThresholds(prepareNabSweep([{ layout, anomalyScores: scores }]), STANDARD));
    expect(best).toEqual({ threshold: 0.9, score: 1 });
  });
});
