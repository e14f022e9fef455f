// What every TypeScript detector reference shares: one step writes one output row, the same
// DET_OUT_F64 words the kernel writes (src/detect/detector-output.ts).

import { DET_ANOMALY, DET_DIRECTION, DET_EXPECTED, DET_LOWER, DET_OUT_F64, DET_SCORE, DET_UPPER, DET_WARMUP } from '../../detect/detector-output.js';

/** A detector's TypeScript oracle: the kernel's semantics, written to be obviously right. */
export interface DetectorReference {
  /** Judges one event and writes its row at rows[at .. at + DET_OUT_F64). */
  step(time: number, value: number, rows: Float64Array, at: number): void;
}

/** Writes one row's words. */
export function writeRow(
  rows: Float64Array,
  at: number,
  score: number,
  expected: number,
  lower: number,
  upper: number,
  direction: number,
  warmup: boolean,
  anomaly: boolean,
): void {
  rows[at + DET_SCORE] = score;
  rows[at + DET_EXPECTED] = expected;
  rows[at + DET_LOWER] = lower;
  rows[at + DET_UPPER] = upper;
  rows[at + DET_DIRECTION] = direction;
  rows[at + DET_WARMUP] = warmup ? 1 : 0;
  rows[at + DET_ANOMALY] = anomaly ? 1 : 0;
}

/** −1, 0 or +1. */
export function sideOf(diff: number): number {
  return diff > 0 ? 1 : diff < 0 ? -1 : 0;
}

/** Median of an ascending list (n ≥ 1): the middle value, or (a + b)·0.5 of the middle two, as the kernel. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) * 0.5;
}

/** An ascending copy (numeric order). */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Runs a reference over a series: one row per event. */
export function runReference(ref: DetectorReference, times: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const rows = new Float64Array(values.length * DET_OUT_F64);
  for (let i = 0; i < values.length; i++) ref.step(times[i]!, values[i]!, rows, i * DET_OUT_F64);
  return rows;
}
