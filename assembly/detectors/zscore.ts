// DETECTOR_ZSCORE: how many σ a value lies from an exponentially weighted mean and variance.
//
// Each event is judged against the statistics *before* it (a spike does not dilute its own z),
// then folded in with weight a = max(alpha, 1/n) for the n-th event: the first 1/alpha events get
// the exact running mean and population variance (Welford's recursion), later ones the EW update
//   diff = x − mean;  mean += a·diff;  var = (1 − a)·(var + a·diff²)
// (Finch 2009, "Incremental calculation of weighted mean and variance"). The catch of a plain
// z-score: an anomaly is folded in too, so a level shift is flagged at its start and then absorbed
// over ~1/alpha events; and a steady trend goes unflagged once under way, since the mean lags it by
// slope·(1 − alpha)/alpha and the variance grows to hold that lag (|z| tends below 1 plus noise).
//
// score = erf(|z|/√2) (gaussian-score.ts); anomaly ⇔ score ≥ erf(threshold/√2), i.e. |z| ≥ threshold;
// band = mean ± threshold·σ, so a value outside the band is exactly an anomaly. σ = 0 (a constant
// run so far) makes any other value score 1. Values beyond ~1e150 in magnitude overflow diff², and
// non-finite values must be filtered by the host (nothing here checks for NaN).
//
// Params (f64 words): 0 alpha, 1 threshold (σ), 2 warmup (events).
//
// State (ZSCORE_BYTES at the address zscoreCreate returns):
//   0   alpha           f64
//   8   threshold       f64   σ
//   16  thresholdScore  f64   gaussianScore(threshold)
//   24  warmup          f64   rows before this many events have been seen are warmup rows
//   32  count           f64   events seen
//   40  mean            f64
//   48  var             f64

import { gaussianScore } from './gaussian-score';
import { sideOf, writeRow } from './detector-row';
import { DETECTOR_ZSCORE } from './detector-output';
import { STATE_FORMAT_BYTES, ZSCORE_STATE_VERSION, stateFormatWord } from './detector-state-format';

const ALPHA = 0;
const THRESHOLD = 8;
const THRESHOLD_SCORE = 16;
const WARMUP = 24;
const COUNT = 32;
const MEAN = 40;
const VAR = 48;
const ZSCORE_BYTES: usize = 56;

/** A new state from the param words at `params` (order above); release it with zscoreFree. */
export function zscoreCreate(params: usize): usize {
  const s = heap.alloc(ZSCORE_BYTES);
  const threshold = load<f64>(params, 8);
  store<f64>(s, load<f64>(params, 0), ALPHA);
  store<f64>(s, threshold, THRESHOLD);
  store<f64>(s, gaussianScore(threshold), THRESHOLD_SCORE);
  store<f64>(s, load<f64>(params, 16), WARMUP);
  store<f64>(s, 0, COUNT);
  store<f64>(s, 0, MEAN);
  store<f64>(s, 0, VAR);
  return s;
}

/** Judges one event against the state, writes its row at `out`, then learns from it. */
export function zscoreStep(s: usize, time: f64, value: f64, out: usize): void {
  const n = load<f64>(s, COUNT);
  const mean = n == 0 ? value : load<f64>(s, MEAN);
  const v = load<f64>(s, VAR);
  const threshold = load<f64>(s, THRESHOLD);
  const sd = Math.sqrt(v);
  const diff = value - mean;
  const warm = n < load<f64>(s, WARMUP);
  let score: f64 = 0;
  if (!warm && diff != 0) score = sd == 0 ? 1 : gaussianScore(abs(diff) / sd);
  const band = threshold * sd;
  writeRow(out, score, mean, mean - band, mean + band, sideOf(diff), warm, !warm && score >= load<f64>(s, THRESHOLD_SCORE));

  const a = max(load<f64>(s, ALPHA), 1 / (n + 1));
  const incr = a * diff;
  store<f64>(s, mean + incr, MEAN);
  store<f64>(s, (1 - a) * (v + diff * incr), VAR);
  store<f64>(s, n + 1, COUNT);
}

/** Bytes the state holds (header and regions). */
export function zscoreStateBytes(s: usize): i32 {
  return <i32>ZSCORE_BYTES;
}

// Saved (detector-state-format.ts): format word, then the state's ZSCORE_BYTES as they are (it
// holds no address).

/** Bytes zscoreSave writes. */
export function zscoreSavedBytes(s: usize): i32 {
  return STATE_FORMAT_BYTES + <i32>ZSCORE_BYTES;
}

/** Writes the state's position-independent bytes at `out` (zscoreSavedBytes of them). */
export function zscoreSave(s: usize, out: usize): void {
  store<u32>(out, stateFormatWord(DETECTOR_ZSCORE, ZSCORE_STATE_VERSION));
  memory.copy(out + STATE_FORMAT_BYTES, s, ZSCORE_BYTES);
}

/** A new state equal to the saved one at in[0, len); 0 when the bytes are not a saved zscore state. */
export function zscoreLoad(from: usize, len: i32): usize {
  if (len != zscoreSavedBytes(0) || load<u32>(from) != stateFormatWord(DETECTOR_ZSCORE, ZSCORE_STATE_VERSION)) return 0;
  const s = heap.alloc(ZSCORE_BYTES);
  memory.copy(s, from + STATE_FORMAT_BYTES, ZSCORE_BYTES);
  return s;
}

/** Releases the state; the address is invalid afterwards. */
export function zscoreFree(s: usize): void {
  heap.free(s);
}
