// assembly/detectors/mad.ts, plainly: keep the last `window` values in an array, and for every
// event sort a copy for the median and sort the absolute deviations for the MAD. O(N log N) per
// event, obviously right; the kernel's O(log N) selection must give the very same f64.

import { gaussianScore } from './gaussian-score-reference.js';
import { type DetectorReference, medianOfSorted, sideOf, sortedCopy, writeRow } from './detector-reference.js';

/** Params in the kernel's word order. */
export interface MadParams {
  /** N, the values the median and MAD are taken over. */
  readonly window: number;
  /** Robust σ. */
  readonly threshold: number;
  /** Events. */
  readonly warmup: number;
}

const MAD_SIGMA = 1.4826;

export class MadReference implements DetectorReference {
  private readonly window: number[] = [];
  private seen = 0;
  private readonly thresholdScore: number;

  constructor(private readonly p: MadParams) {
    this.thresholdScore = gaussianScore(p.threshold);
  }

  step(_time: number, value: number, rows: Float64Array, at: number): void {
    // −0 as +0, as the kernel: the sign of a zero must not decide its sorted place.
    const x = value + 0;
    let median = x;
    let sigma = 0;
    if (this.window.length > 0) {
      const sorted = sortedCopy(this.window);
      median = medianOfSorted(sorted);
      const deviations = sorted.map((s) => Math.abs(s - median)).sort();
      sigma = MAD_SIGMA * medianOfSorted(deviations);
    }
    const diff = x - median;
    const warm = this.seen < this.p.warmup;
    let score = 0;
    if (!warm && diff !== 0) score = sigma === 0 ? 1 : gaussianScore(Math.abs(diff) / sigma);
    const band = this.p.threshold * sigma;
    writeRow(rows, at, score, median, median - band, median + band, sideOf(diff), warm, !warm && score >= this.thresholdScore);
    this.window.push(x);
    if (this.window.length > this.p.window) this.window.shift();
    this.seen++;
  }
}
