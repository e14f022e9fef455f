// DETECTOR_MAD: a robust z-score against the median and the median absolute deviation (MAD) of
// the last `window` values: z = (x − median) / (1.4826·MAD), 1.4826 making MAD·1.4826 = σ for
// Gaussian data. The window holds the values *before* x, so an outlier never shrinks its own z, and
// up to half the window may be outliers without moving median or MAD much (breakdown point 50 %).
//
// Per event: the window is a sorted-window.ts (binary searches plus a memmove of the values between
// the leaving and the arriving value's rank); the median is read by rank in O(1); the MAD, the
// median of |s − median|, is the k-th smallest of two ascending lists read off the sorted window,
// found by binary search in O(log N) (sorted-window.ts, medianDeviationOf). Equal to sorting the
// deviations, bit for bit (test/kernel/detector-mad-matches-reference.test.ts).
//
// The catch: when more than half the window holds one value, MAD = 0 and every other value scores 1
// (an anomaly) — the honest answer of a robust scale on quantised or mostly-constant data. A level
// shift is flagged for about window/2 events, until the shifted values are the window's majority.
// −0 is read as +0 (x + 0), so the sorted order of zeros never depends on their sign.
//
// score = erf(|z|/√2); anomaly ⇔ score ≥ erf(threshold/√2); band = median ± threshold·1.4826·MAD.
// Non-finite values must be filtered by the host.
//
// Params (f64 words): 0 window (N), 1 threshold (robust σ), 2 warmup (events).
//
// State (MAD_BYTES at the address madCreate returns):
//   0   threshold       f64
//   8   thresholdScore  f64
//   16  warmup          f64
//   24  seen            f64   events seen
//   32  window          sorted-window header (16 bytes): the last N values

import { gaussianScore } from './gaussian-score';
import { sideOf, writeRow } from './detector-row';
import { medianDeviationOf, medianOf, swCount, swFree, swInit, swLoad, swPush, swRegionBytes, swSave, swSavedBytes, swSorted } from './sorted-window';
import { DETECTOR_MAD } from './detector-output';
import { MAD_STATE_VERSION, STATE_FORMAT_BYTES, stateFormatWord } from './detector-state-format';

const THRESHOLD = 0;
const THRESHOLD_SCORE = 8;
const WARMUP = 16;
const SEEN = 24;
const WINDOW: usize = 32;
const MAD_BYTES: usize = 48;

/** σ per MAD for Gaussian data: 1/Φ⁻¹(3/4). */
const MAD_SIGMA: f64 = 1.4826;

/** A new state from the param words at `params` (order above); release it with madFree. */
export function madCreate(params: usize): usize {
  const s = heap.alloc(MAD_BYTES);
  const threshold = load<f64>(params, 8);
  store<f64>(s, threshold, THRESHOLD);
  store<f64>(s, gaussianScore(threshold), THRESHOLD_SCORE);
  store<f64>(s, load<f64>(params, 16), WARMUP);
  store<f64>(s, 0, SEEN);
  swInit(s + WINDOW, <i32>load<f64>(params, 0));
  return s;
}

/** Judges one event against the state, writes its row at `out`, then learns from it. */
export function madStep(s: usize, time: f64, value: f64, out: usize): void {
  const x = value + 0.0;
  const w = s + WINDOW;
  const n = swCount(w);
  const seen = load<f64>(s, SEEN);
  let median = x;
  let sigma: f64 = 0;
  if (n > 0) {
    const sorted = swSorted(w);
    median = medianOf(sorted, n);
    sigma = MAD_SIGMA * medianDeviationOf(sorted, n, median);
  }
  const diff = x - median;
  const warm = seen < load<f64>(s, WARMUP);
  let score: f64 = 0;
  if (!warm && diff != 0) score = sigma == 0 ? 1 : gaussianScore(abs(diff) / sigma);
  const band = load<f64>(s, THRESHOLD) * sigma;
  writeRow(out, score, median, median - band, median + band, sideOf(diff), warm, !warm && score >= load<f64>(s, THRESHOLD_SCORE));
  swPush(w, x);
  store<f64>(s, seen + 1, SEEN);
}

/** Bytes the state holds (header and regions). */
export function madStateBytes(s: usize): i32 {
  return <i32>MAD_BYTES + swRegionBytes(s + WINDOW);
}

// Saved (detector-state-format.ts): format word, the state's first 32 bytes (threshold … seen) as
// they are, then the window (sorted-window.ts, swSave).

/** Bytes madSave writes. */
export function madSavedBytes(s: usize): i32 {
  return STATE_FORMAT_BYTES + <i32>WINDOW + swSavedBytes(s + WINDOW);
}

/** Writes the state's position-independent bytes at `out` (madSavedBytes of them). */
export function madSave(s: usize, out: usize): void {
  store<u32>(out, stateFormatWord(DETECTOR_MAD, MAD_STATE_VERSION));
  memory.copy(out + STATE_FORMAT_BYTES, s, WINDOW);
  swSave(s + WINDOW, out + STATE_FORMAT_BYTES + WINDOW);
}

/** A new state equal to the saved one at in[0, len); 0 when the bytes are not a saved mad state. */
export function madLoad(from: usize, len: i32): usize {
  const fixed = STATE_FORMAT_BYTES + <i32>WINDOW;
  if (len < fixed || load<u32>(from) != stateFormatWord(DETECTOR_MAD, MAD_STATE_VERSION)) return 0;
  const s = heap.alloc(MAD_BYTES);
  memory.copy(s, from + STATE_FORMAT_BYTES, WINDOW);
  const used = swLoad(s + WINDOW, from + fixed, len - fixed, -1);
  if (used != len - fixed) {
    if (used >= 0) swFree(s + WINDOW); // loaded, but bytes were left over
    heap.free(s);
    return 0;
  }
  return s;
}

/** Releases the state; the address is invalid afterwards. */
export function madFree(s: usize): void {
  swFree(s + WINDOW);
  heap.free(s);
}
