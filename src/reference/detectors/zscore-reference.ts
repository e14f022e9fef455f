// assembly/detectors/zscore.ts, plainly: judge x against the mean and variance so far, then fold
// it in with weight max(alpha, 1/n). Same f64 operations in the same order, so bit-identical.

import { gaussianScore } from './gaussian-score-reference.js';
import { type DetectorReference, sideOf, writeRow } from './detector-reference.js';

/** Params in the kernel's word order. */
export interface ZscoreParams {
  readonly alpha: number;
  /** σ. */
  readonly threshold: number;
  /** Events. */
  readonly warmup: number;
}

export class ZscoreReference implements DetectorReference {
  private count = 0;
  private mean = 0;
  private variance = 0;
  private readonly thresholdScore: number;

  constructor(private readonly p: ZscoreParams) {
    this.thresholdScore = gaussianScore(p.threshold);
  }

  step(_time: number, value: number, rows: Float64Array, at: number): void {
    const n = this.count;
    const mean = n === 0 ? value : this.mean;
    const v = this.variance;
    const sd = Math.sqrt(v);
    const diff = value - mean;
    const warm = n < this.p.warmup;
    let score = 0;
    if (!warm && diff !== 0) score = sd === 0 ? 1 : gaussianScore(Math.abs(diff) / sd);
    const band = this.p.threshold * sd;
    writeRow(rows, at, score, mean, mean - band, mean + band, sideOf(diff), warm, !warm && score >= this.thresholdScore);

    const a = Math.max(this.p.alpha, 1 / (n + 1));
    const incr = a * diff;
    this.mean = mean + incr;
    this.variance = (1 - a) * (v + diff * incr);
    this.count = n + 1;
  }
}
