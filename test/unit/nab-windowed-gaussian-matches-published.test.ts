import { describe, expect, it } from 'vitest';
import { runNabBench } from '../../bench/nab-bench.js';
import { windowedGaussian } from '../../bench/nab-detectors.js';
import { nabDataAvailable } from '../../src/nab/nab-corpus-loader.js';

// NAB's own results for its windowedGaussian detector (results/windowedGaussian/*_scores.csv,
// "Totals" rows): raw scores, threshold 1.0, and 521 TP / 409 FP / 32974 FN / 298938 TN rows on
// every profile. Matching them to the printed digits pins the detector port and every scoring
// rule at once: probation, window mapping, sigmoid weights, threshold sweep and normalisation.
const PUBLISHED = {
  standard: { raw: -24.0131054891, normalised: 39.6 },
  reward_low_FP_rate: { raw: -67.5862728866, normalised: 20.9 },
  reward_low_FN_rate: { raw: -67.0131054891, normalised: 47.4 },
} as const;

describe.skipIf(!nabDataAvailable())('windowed-gaussian on the real NAB corpus', () => {
  it("reproduces NAB's published raw scores, counts and normalised figures", async () => {
    const [result] = (await runNabBench([windowedGaussian])).detectors;
    for (const [profile, expected] of Object.entries(PUBLISHED)) {
      const r = result!.evaluation[profile as keyof typeof PUBLISHED];
      expect(r.threshold).toBe(1);
      expect(r.raw).toBeCloseTo(expected.raw, 9);
      expect(Number(r.normalised.toFixed(1))).toBe(expected.normalised);
      expect(r.counts).toEqual({ tp: 521, fp: 409, fn: 32974, tn: 298938 });
    }
  });
});
