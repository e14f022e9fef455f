// assembly/detectors/spike-dip.ts, plainly: the level is the median of a sorted copy of the last
// levelWindow values, the residual scale 1.4826 × the median of a sorted copy of the last
// historySize |residuals|. Same f64 operations, so bit-identical.

import { gaussianQuantile, gaussianScore } from './gaussian-score-reference.js';
import { type DetectorReference, medianOfSorted, sideOf, sortedCopy, writeRow } from './detector-reference.js';

/** Params in the kernel's word order. */
export interface SpikeDipParams {
  /** 0 both, 1 spikes only, 2 dips only. */
  readonly mode: number;
  /** Percent. */
  readonly confidence: number;
  /** Residuals the scale is taken over. */
  readonly historySize: number;
  /** Values the local level (median) is taken over. */
  readonly levelWindow: number;
}

const MAD_SIGMA = 1.4826;

export class SpikeDipReference implements DetectorReference {
  private readonly level: number[] = [];
  private readonly history: number[] = [];
  private readonly confidence: number;
  private readonly zc: number;
  private readonly minHistory: number;

  constructor(private readonly p: SpikeDipParams) {
    this.confidence = p.confidence / 100;
    this.zc = gaussianQuantile(this.confidence);
    this.minHistory = (p.historySize + 1) >> 1;
  }

  step(_time: number, value: number, rows: Float64Array, at: number): void {
    const x = value + 0;
    if (this.level.length < this.p.levelWindow) {
      const expected = this.level.length > 0 ? medianOfSorted(sortedCopy(this.level)) : x;
      writeRow(rows, at, 0, expected, expected, expected, sideOf(x - expected), true, false);
      this.level.push(x);
      return;
    }
    const level = medianOfSorted(sortedCopy(this.level));
    const r = x - level;
    const scale = this.history.length > 0 ? MAD_SIGMA * medianOfSorted(sortedCopy(this.history)) : 0;
    const warm = this.history.length < this.minHistory;
    const mode = this.p.mode;
    let score = 0;
    if (!warm && r !== 0 && (mode !== 1 || r > 0) && (mode !== 2 || r < 0)) score = scale === 0 ? 1 : gaussianScore(Math.abs(r) / scale);
    const band = this.zc * scale;
    writeRow(rows, at, score, level, level - band, level + band, sideOf(r), warm, !warm && score >= this.confidence);
    this.history.push(Math.abs(r));
    if (this.history.length > this.p.historySize) this.history.shift();
    this.level.push(x);
    this.level.shift();
  }
}
