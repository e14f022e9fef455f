// Writing one output row (detector-output.ts) in one place, so every detector fills every word.

import {
  DET_ANOMALY, DET_DIRECTION, DET_EXPECTED, DET_LOWER, DET_SCORE, DET_UPPER, DET_WARMUP,
} from './detector-output';

/** Writes the DET_OUT_F64 words of one row at `out`. */
// @ts-ignore: decorator
@inline
export function writeRow(out: usize, score: f64, expected: f64, lower: f64, upper: f64, direction: f64, warmup: bool, anomaly: bool): void {
  store<f64>(out + (<usize>DET_SCORE << 3), score);
  store<f64>(out + (<usize>DET_EXPECTED << 3), expected);
  store<f64>(out + (<usize>DET_LOWER << 3), lower);
  store<f64>(out + (<usize>DET_UPPER << 3), upper);
  store<f64>(out + (<usize>DET_DIRECTION << 3), direction);
  store<f64>(out + (<usize>DET_WARMUP << 3), warmup ? 1.0 : 0.0);
  store<f64>(out + (<usize>DET_ANOMALY << 3), anomaly ? 1.0 : 0.0);
}

/** −1, 0 or +1: the side of `expected` a value fell on. */
// @ts-ignore: decorator
@inline
export function sideOf(diff: f64): f64 {
  return diff > 0 ? 1.0 : diff < 0 ? -1.0 : 0.0;
}
