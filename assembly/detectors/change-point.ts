// DETECTOR_CHANGE_POINT: persistent changes of level (and, through the level, of trend), by a
// two-sided CUSUM (Page 1954) on standardised, clipped residuals:
//   z  = clip((x − level)/σ, −clip, +clip)
//   S⁺ = max(0, S⁺ + z − drift),   S⁻ = max(0, S⁻ − z − drift)
// An alarm is S⁺ or S⁻ ≥ threshold (λ); score = max(S⁺, S⁻)/λ clipped to [0, 1], so anomaly ⇔ score = 1;
// direction = the side whose statistic is larger (the side that fired, on an alarm row).
//
// Why clip: one value can add at most clip − drift to a statistic, so an isolated spike of any size
// cannot fire on its own while λ > clip − drift (defaults: 2.5 against λ = 8); a shift of Δσ ≥ clip
// fires after ⌈λ/(clip − drift)⌉ = 4 events, a smaller one after about λ/(Δ − drift).
// level and σ² are weighted means with weight a = max(alpha, 1/n) (exact running mean and variance
// for the first 1/alpha events, then exponential), fed with the clipped residual so a spike moves
// them by at most alpha·clip·σ. A trend change shows up as a growing residual (the level lags a
// ramp), so a ramp of slope s σ/event fires after roughly √(2λ/s) events.
//
// Reset after an alarm: S± = 0 and the level is learned afresh from the next event (running mean),
// with the next `warmup` rows marked warmup; σ is kept (a level change, not a noise change) and
// goes on learning from clipped residuals; the alarm row itself teaches nothing. The catch: a ramp that goes on fires again about every
// warmup + √(2λ/s) events, since its level keeps moving. The first `warmup` events learn both level
// and σ. σ = 0 (a constant run) makes any other value a full ±clip (and σ learns it unclipped). Non-finite values must be
// filtered by the host.
//
// lower/upper = level ± drift·σ: values outside it add to a statistic.
//
// Params (f64 words): 0 drift (σ), 1 threshold λ (σ), 2 clip (σ), 3 alpha, 4 warmup (events).
//
// State (CHANGE_POINT_BYTES at the address changePointCreate returns):
//   0   drift       f64
//   8   lambda      f64
//   16  clip        f64
//   24  alpha       f64
//   32  warmup      f64
//   40  level       f64
//   48  var         f64   σ²
//   56  sPos        f64   S⁺
//   64  sNeg        f64   S⁻
//   72  n           f64   events since the level was (re)started
//   80  varN        f64   events folded into var (σ is known, and residuals clipped, from varN ≥ warmup)

import { sideOf, writeRow } from './detector-row';
import { DETECTOR_CHANGE_POINT } from './detector-output';
import { CHANGE_POINT_STATE_VERSION, STATE_FORMAT_BYTES, stateFormatWord } from './detector-state-format';

const DRIFT = 0;
const LAMBDA = 8;
const CLIP = 16;
const ALPHA = 24;
const WARMUP = 32;
const LEVEL = 40;
const VAR = 48;
const S_POS = 56;
const S_NEG = 64;
const N = 72;
const VAR_N = 80;
const CHANGE_POINT_BYTES: usize = 88;

/** A new state from the param words at `params` (order above); release it with changePointFree. */
export function changePointCreate(params: usize): usize {
  const s = heap.alloc(CHANGE_POINT_BYTES);
  store<f64>(s, load<f64>(params, 0), DRIFT);
  store<f64>(s, load<f64>(params, 8), LAMBDA);
  store<f64>(s, load<f64>(params, 16), CLIP);
  store<f64>(s, load<f64>(params, 24), ALPHA);
  store<f64>(s, load<f64>(params, 32), WARMUP);
  store<f64>(s, 0, LEVEL);
  store<f64>(s, 0, VAR);
  store<f64>(s, 0, S_POS);
  store<f64>(s, 0, S_NEG);
  store<f64>(s, 0, N);
  store<f64>(s, 0, VAR_N);
  return s;
}

/** Judges one event against the state, writes its row at `out`, then learns from it. */
export function changePointStep(s: usize, time: f64, value: f64, out: usize): void {
  const n = load<f64>(s, N) + 1;
  const level = n == 1 ? value : load<f64>(s, LEVEL);
  const v = load<f64>(s, VAR);
  const varN = load<f64>(s, VAR_N);
  const sd = Math.sqrt(v);
  const drift = load<f64>(s, DRIFT);
  const clip = load<f64>(s, CLIP);
  const alpha = load<f64>(s, ALPHA);
  const warmup = load<f64>(s, WARMUP);
  const e = value - level;
  const band = drift * sd;
  // Once σ is known, what the level and σ learn from is clipped at ±clip·σ.
  let ec = e;
  if (varN >= warmup && sd > 0) {
    const limit = clip * sd;
    if (e > limit) ec = limit;
    else if (e < -limit) ec = -limit;
  }

  if (n <= warmup) {
    // Learning the level (first events, or after an alarm): a running mean, unclipped.
    writeRow(out, 0, level, level - band, level + band, sideOf(e), true, false);
    store<f64>(s, level + max(alpha, 1 / n) * e, LEVEL);
    updateVar(s, v, varN, alpha, ec);
    store<f64>(s, n, N);
    return;
  }

  let z: f64;
  if (sd == 0) {
    z = e > 0 ? clip : e < 0 ? -clip : 0;
  } else {
    z = e / sd;
    if (z > clip) z = clip;
    else if (z < -clip) z = -clip;
  }
  const sPos = max<f64>(0, load<f64>(s, S_POS) + z - drift);
  const sNeg = max<f64>(0, load<f64>(s, S_NEG) - z - drift);
  const ratio = max(sPos, sNeg) / load<f64>(s, LAMBDA);
  const alarm = ratio >= 1;
  writeRow(out, min<f64>(1, ratio), level, level - band, level + band, sideOf(sPos - sNeg), false, alarm);

  if (alarm) {
    // Restart: the level is learned afresh from the next event; σ is kept.
    store<f64>(s, 0, S_POS);
    store<f64>(s, 0, S_NEG);
    store<f64>(s, 0, N);
    return;
  }
  store<f64>(s, sPos, S_POS);
  store<f64>(s, sNeg, S_NEG);
  store<f64>(s, level + max(alpha, 1 / n) * ec, LEVEL);
  updateVar(s, v, varN, alpha, ec);
  store<f64>(s, n, N);
}

/** var = (1 − a)·(var + a·ec²) with a = max(alpha, 1/varN): Welford's, then exponential. */
// @ts-ignore: decorator
@inline
function updateVar(s: usize, v: f64, varN: f64, alpha: f64, ec: f64): void {
  const vn = varN + 1;
  const a = max(alpha, 1 / vn);
  store<f64>(s, (1 - a) * (v + ec * (a * ec)), VAR);
  store<f64>(s, vn, VAR_N);
}

/** Bytes the state holds (header and regions). */
export function changePointStateBytes(s: usize): i32 {
  return <i32>CHANGE_POINT_BYTES;
}

// Saved (detector-state-format.ts): format word, then the state's CHANGE_POINT_BYTES as they are
// (it holds no address).

/** Bytes changePointSave writes. */
export function changePointSavedBytes(s: usize): i32 {
  return STATE_FORMAT_BYTES + <i32>CHANGE_POINT_BYTES;
}

/** Writes the state's position-independent bytes at `out` (changePointSavedBytes of them). */
export function changePointSave(s: usize, out: usize): void {
  store<u32>(out, stateFormatWord(DETECTOR_CHANGE_POINT, CHANGE_POINT_STATE_VERSION));
  memory.copy(out + STATE_FORMAT_BYTES, s, CHANGE_POINT_BYTES);
}

/** A new state equal to the saved one at in[0, len); 0 when the bytes are not a saved change-point state. */
export function changePointLoad(from: usize, len: i32): usize {
  if (len != changePointSavedBytes(0) || load<u32>(from) != stateFormatWord(DETECTOR_CHANGE_POINT, CHANGE_POINT_STATE_VERSION)) return 0;
  const s = heap.alloc(CHANGE_POINT_BYTES);
  memory.copy(s, from + STATE_FORMAT_BYTES, CHANGE_POINT_BYTES);
  return s;
}

/** Releases the state; the address is invalid afterwards. */
export function changePointFree(s: usize): void {
  heap.free(s);
}
