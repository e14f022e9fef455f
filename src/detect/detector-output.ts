// Mirror of assembly/detectors/detector-output.ts: the words of one detector output row and the
// detector kind codes. Change both files together.

/** Anomaly score in [0, 1]. */
export const DET_SCORE = 0;
/** What the detector expected the value to be. */
export const DET_EXPECTED = 1;
/** The band the value was expected to fall in. */
export const DET_LOWER = 2;
export const DET_UPPER = 3;
/** −1 below expected, +1 above, 0 neither. */
export const DET_DIRECTION = 4;
/** 1 while the detector has seen too little history to judge (score is then 0). */
export const DET_WARMUP = 5;
/** 1 when score ≥ the detector's threshold and not warming up. */
export const DET_ANOMALY = 6;
/** f64 words per row. */
export const DET_OUT_F64 = 7;

/** Detector kinds, as dispatched by assembly/detectors/detector-dispatch.ts. */
export const DETECTOR_ZSCORE = 1;
export const DETECTOR_MAD = 2;
export const DETECTOR_SPIKE_DIP = 3;
export const DETECTOR_CHANGE_POINT = 4;
export const DETECTOR_CONTEXT = 5;

/** One output row, read out of the f64 words. */
export interface DetectorOutput {
  /** In [0, 1]; 0 on warmup rows. */
  readonly score: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly direction: -1 | 0 | 1;
  readonly warmup: boolean;
  readonly anomaly: boolean;
}

/** Row `i` of a Float64Array of rows (DET_OUT_F64 words each) as an object: for reports, not hot paths. */
export function detectorOutputAt(rows: Float64Array, i: number): DetectorOutput {
  const at = i * DET_OUT_F64;
  const direction = rows[at + DET_DIRECTION]!;
  return {
    score: rows[at + DET_SCORE]!,
    expected: rows[at + DET_EXPECTED]!,
    lower: rows[at + DET_LOWER]!,
    upper: rows[at + DET_UPPER]!,
    direction: direction > 0 ? 1 : direction < 0 ? -1 : 0,
    warmup: rows[at + DET_WARMUP] === 1,
    anomaly: rows[at + DET_ANOMALY] === 1,
  };
}
