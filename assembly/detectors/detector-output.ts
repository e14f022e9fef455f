// The one output row every detector writes per event: DET_OUT_F64 f64 words at `out`.
// Mirrored in src/detect/detector-output.ts. A detector module `<name>.ts` exports
//   <p>Create(params: usize): usize      state address (heap.alloc); params = f64 words, detector's order
//   <p>Step(state: usize, time: f64, value: f64, out: usize): void
//   <p>StateBytes(state: usize): i32     bytes the state holds (for checkpoint-size reports)
//   <p>Free(state: usize): void
//   <p>SavedBytes(state: usize): i32     bytes <p>Save writes
//   <p>Save(state: usize, out: usize): void    position-independent bytes (detector-state-format.ts)
//   <p>Load(from: usize, len: i32): usize      a new state that steps exactly as the saved one; 0 if refused
// and everything it keeps lives at `state`, so a checkpoint of linear memory holds the detector,
// and Save/Load carry one key's state to another instance (detector checkpoints).

/** Anomaly score in [0, 1]. */
export const DET_SCORE: i32 = 0;
/** What the detector expected the value to be. */
export const DET_EXPECTED: i32 = 1;
/** The band the value was expected to fall in. */
export const DET_LOWER: i32 = 2;
export const DET_UPPER: i32 = 3;
/** −1 below expected, +1 above, 0 neither. */
export const DET_DIRECTION: i32 = 4;
/** 1 while the detector has seen too little history to judge (score is then 0). */
export const DET_WARMUP: i32 = 5;
/** 1 when score ≥ the detector's threshold and not warming up. */
export const DET_ANOMALY: i32 = 6;
export const DET_OUT_F64: i32 = 7;

/** Detector kinds, as dispatched by detector-dispatch.ts. */
export const DETECTOR_ZSCORE: i32 = 1;
export const DETECTOR_MAD: i32 = 2;
export const DETECTOR_SPIKE_DIP: i32 = 3;
export const DETECTOR_CHANGE_POINT: i32 = 4;
export const DETECTOR_CONTEXT: i32 = 5;
