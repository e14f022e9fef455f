// assembly/detectors/change-point.ts, plainly: a two-sided CUSUM on clipped standardised
// residuals against a running level and σ, restarting the level after each alarm. Same f64
// operations in the same order, so bit-identical.

import { type DetectorReference, sideOf, writeRow } from './detector-reference.js';

/** Params in the kernel's word order. */
export interface ChangePointParams {
  /** δ, σ per event subtracted from each statistic. */
  readonly drift: number;
  /** λ, σ: a statistic reaching it is an alarm. */
  readonly threshold: number;
  /** σ: standardised residuals are clipped to ±clip. */
  readonly clip: number;
  readonly alpha: number;
  /** Events. */
  readonly warmup: number;
}

export class ChangePointReference implements DetectorReference {
  private level = 0;
  private variance = 0;
  private sPos = 0;
  private sNeg = 0;
  /** Events since the level was (re)started. */
  private n = 0;
  /** Events folded into the variance. */
  private varN = 0;

  constructor(private readonly p: ChangePointParams) {}

  step(_time: number, value: number, rows: Float64Array, at: number): void {
    const { drift, clip, alpha, warmup } = this.p;
    const n = this.n + 1;
    const level = n === 1 ? value : this.level;
    const v = this.variance;
    const sd = Math.sqrt(v);
    const e = value - level;
    const band = drift * sd;
    let ec = e;
    if (this.varN >= warmup && sd > 0) {
      const limit = clip * sd;
      if (e > limit) ec = limit;
      else if (e < -limit) ec = -limit;
    }

    if (n <= warmup) {
      writeRow(rows, at, 0, level, level - band, level + band, sideOf(e), true, false);
      this.level = level + Math.max(alpha, 1 / n) * e;
      this.updateVariance(ec);
      this.n = n;
      return;
    }

    let z: number;
    if (sd === 0) {
      z = e > 0 ? clip : e < 0 ? -clip : 0;
    } else {
      z = Math.min(clip, Math.max(-clip, e / sd));
    }
    const sPos = Math.max(0, this.sPos + z - drift);
    const sNeg = Math.max(0, this.sNeg - z - drift);
    const ratio = Math.max(sPos, sNeg) / this.p.threshold;
    const alarm = ratio >= 1;
    writeRow(rows, at, Math.min(1, ratio), level, level - band, level + band, sideOf(sPos - sNeg), false, alarm);

    if (alarm) {
      this.sPos = 0;
      this.sNeg = 0;
      this.n = 0;
      return;
    }
    this.sPos = sPos;
    this.sNeg = sNeg;
    this.level = level + Math.max(alpha, 1 / n) * ec;
    this.updateVariance(ec);
    this.n = n;
  }

  private updateVariance(ec: number): void {
    const vn = this.varN + 1;
    const a = Math.max(this.p.alpha, 1 / vn);
    this.variance = (1 - a) * (this.variance + ec * (a * ec));
    this.varN = vn;
  }
}
