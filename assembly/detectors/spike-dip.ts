// DETECTOR_SPIKE_DIP: sudden, temporary deviations from the recent level, in the spirit of Azure
// Stream Analytics' AnomalyDetection_SpikeAndDip(value, confidence, historySize, mode).
//
// The local level is the median of the last `levelWindow` values (short, so it follows the series
// within a few events); the residual r = x − level. Its scale is robust over the last `historySize`
// residuals: σ_r = 1.4826 · median(|r|). score = erf(|r|/(σ_r·√2)), the two-sided Gaussian
// confidence that r is not noise; anomaly ⇔ score ≥ confidence/100. Mode 1 scores only r > 0
// (spikes), mode 2 only r < 0 (dips); the other side scores 0.
//
// Why a median level: a spike is one value among levelWindow, so it does not move the next events'
// level (one spike, one flagged row), while a level shift is the majority after ⌈levelWindow/2⌉
// events, so only its first ⌈levelWindow/2⌉ rows are flagged. Why a robust scale: the flagged
// residuals themselves enter the history without widening it.
//
// Warmup: rows are warmup until the level window is full and ⌈historySize/2⌉ residuals are in the
// history (levelWindow + ⌈historySize/2⌉ events). σ_r = 0 (a constant series) makes any residual
// score 1. −0 is read as +0. Non-finite values must be filtered by the host.
//
// Params (f64 words): 0 mode (0 both, 1 spikes, 2 dips), 1 confidence (percent), 2 historySize,
// 3 levelWindow.
//
// State (SPIKE_DIP_BYTES at the address spikeDipCreate returns):
//   0   mode          f64
//   8   confidence    f64   as a fraction (confidence / 100): the score threshold
//   16  zc            f64   gaussianQuantile(confidence): the band half-width in σ_r
//   24  minHistory    f64   residuals needed before the first judged row
//   32  level         sorted-window header: the last levelWindow values
//   48  history       sorted-window header: the last historySize |residuals|

import { gaussianQuantile, gaussianScore } from './gaussian-score';
import { sideOf, writeRow } from './detector-row';
import { medianOf, swCapacity, swCount, swFree, swInit, swLoad, swPush, swRegionBytes, swSave, swSavedBytes, swSorted } from './sorted-window';
import { DETECTOR_SPIKE_DIP } from './detector-output';
import { SPIKE_DIP_STATE_VERSION, STATE_FORMAT_BYTES, stateFormatWord } from './detector-state-format';

const MODE = 0;
const CONFIDENCE = 8;
const ZC = 16;
const MIN_HISTORY = 24;
const LEVEL: usize = 32;
const HISTORY: usize = 48;
const SPIKE_DIP_BYTES: usize = 64;

const MAD_SIGMA: f64 = 1.4826;

/** A new state from the param words at `params` (order above); release it with spikeDipFree. */
export function spikeDipCreate(params: usize): usize {
  const s = heap.alloc(SPIKE_DIP_BYTES);
  const confidence = load<f64>(params, 8) / 100;
  const historySize = <i32>load<f64>(params, 16);
  store<f64>(s, load<f64>(params, 0), MODE);
  store<f64>(s, confidence, CONFIDENCE);
  store<f64>(s, gaussianQuantile(confidence), ZC);
  store<f64>(s, <f64>((historySize + 1) >> 1), MIN_HISTORY);
  swInit(s + LEVEL, <i32>load<f64>(params, 24));
  swInit(s + HISTORY, historySize);
  return s;
}

/** Judges one event against the state, writes its row at `out`, then learns from it. */
export function spikeDipStep(s: usize, time: f64, value: f64, out: usize): void {
  const x = value + 0.0;
  const lw = s + LEVEL;
  const hw = s + HISTORY;
  const nl = swCount(lw);
  if (nl < swCapacity(lw)) {
    const expected = nl > 0 ? medianOf(swSorted(lw), nl) : x;
    writeRow(out, 0, expected, expected, expected, sideOf(x - expected), true, false);
    swPush(lw, x);
    return;
  }
  const level = medianOf(swSorted(lw), nl);
  const r = x - level;
  const nh = swCount(hw);
  const scale = nh > 0 ? MAD_SIGMA * medianOf(swSorted(hw), nh) : 0;
  const warm = <f64>nh < load<f64>(s, MIN_HISTORY);
  const mode = load<f64>(s, MODE);
  let score: f64 = 0;
  if (!warm && r != 0 && (mode != 1 || r > 0) && (mode != 2 || r < 0)) {
    score = scale == 0 ? 1 : gaussianScore(abs(r) / scale);
  }
  const confidence = load<f64>(s, CONFIDENCE);
  const band = load<f64>(s, ZC) * scale;
  writeRow(out, score, level, level - band, level + band, sideOf(r), warm, !warm && score >= confidence);
  swPush(hw, abs(r));
  swPush(lw, x);
}

/** Bytes the state holds (header and regions). */
export function spikeDipStateBytes(s: usize): i32 {
  return <i32>SPIKE_DIP_BYTES + swRegionBytes(s + LEVEL) + swRegionBytes(s + HISTORY);
}

// Saved (detector-state-format.ts): format word, the state's first 32 bytes (mode … minHistory)
// as they are, then the level window and the history window (sorted-window.ts, swSave).

/** Bytes spikeDipSave writes. */
export function spikeDipSavedBytes(s: usize): i32 {
  return STATE_FORMAT_BYTES + <i32>LEVEL + swSavedBytes(s + LEVEL) + swSavedBytes(s + HISTORY);
}

/** Writes the state's position-independent bytes at `out` (spikeDipSavedBytes of them). */
export function spikeDipSave(s: usize, out: usize): void {
  store<u32>(out, stateFormatWord(DETECTOR_SPIKE_DIP, SPIKE_DIP_STATE_VERSION));
  memory.copy(out + STATE_FORMAT_BYTES, s, LEVEL);
  const at = out + STATE_FORMAT_BYTES + LEVEL;
  swSave(s + HISTORY, at + swSave(s + LEVEL, at));
}

/** A new state equal to the saved one at in[0, len); 0 when the bytes are not a saved spike-dip state. */
export function spikeDipLoad(from: usize, len: i32): usize {
  const fixed = STATE_FORMAT_BYTES + <i32>LEVEL;
  if (len < fixed || load<u32>(from) != stateFormatWord(DETECTOR_SPIKE_DIP, SPIKE_DIP_STATE_VERSION)) return 0;
  const s = heap.alloc(SPIKE_DIP_BYTES);
  memory.copy(s, from + STATE_FORMAT_BYTES, LEVEL);
  const level = swLoad(s + LEVEL, from + fixed, len - fixed, -1);
  if (level < 0) {
    heap.free(s);
    return 0;
  }
  const history = swLoad(s + HISTORY, from + fixed + level, len - fixed - level, -1);
  if (history != len - fixed - level) {
    if (history >= 0) swFree(s + HISTORY);
    swFree(s + LEVEL);
    heap.free(s);
    return 0;
  }
  return s;
}

/** Releases the state; the address is invalid afterwards. */
export function spikeDipFree(s: usize): void {
  swFree(s + LEVEL);
  swFree(s + HISTORY);
  heap.free(s);
}
