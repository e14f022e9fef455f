// DETECTOR_CONTEXT: the Contextual Anomaly Detector, Open Source Edition (CAD OSE; M. Smirnov,
// 2016), the detector NAB lists at 69.9 (standard profile). A port of NAB's own Python
// (nab/detectors/context_ose/cad_ose.py, context_operator.py) that reproduces its scores exactly on
// every NAB file when given the file's range; src/reference/detectors/context-reference.ts is the
// line-by-line TypeScript transcription it is tested against.
//
// Method. Each value is quantised to valueBits bits over [inputMin, inputMax] (8 levels by
// default); bit b of the level becomes the "sensor fact" 2b + bit. A context is a pair
// (left facts → right facts): left = the previous step's facts (its sensor facts plus the ids of up
// to maxActiveNeurons "active" contexts, the "neuron facts"), right = the current sensor facts.
// Contexts are stored as a left and a right semi-context (shared between contexts), and learn
// how often their right side followed their left side. Every step:
//   1. the zero-level context (previous facts → current sensor facts) is found or made;
//   2. the contexts whose left side was fully present last step are "selected"; those whose right
//      side is fully present now are "active". If step 1 made a new context, partial overlaps of
//      zero-level contexts with the input propose new, smaller contexts;
//   3. the most often activated active contexts (ties by Python's tuple hashes) become neuron facts;
//   4. the proposed contexts are stored, and the contexts whose left side is now fully present and
//      whose hit rate is highest predict the next sensor facts.
// Raw score = 0 if every current sensor fact was predicted, else
//   (1 − active/selected + new contexts/proposed contexts) / 2:
// many surprises among known contexts and a burst of novel structure both raise it. After a raw
// score ≥ baseThreshold, the next restPeriod rows report 0 (and the first restPeriod rows too: CAD's
// initial history holds a 1.0); NAB passed restPeriod = probation / 5 = min(⌊0.15·n⌋, 750) / 5.
//
// Output: score = that score; expected/lower/upper = the hull of the value levels whose every bit
// was predicted (lower edge of the lowest, upper edge of the highest; the top level is the single
// value inputMax), NaN when nothing was predicted; direction = the side of that band the value fell
// on (0 inside or without a band); warmup = the first restPeriod rows; anomaly = score ≥ threshold.
//
// Exactness. Python chose neurons by tuple hash and gave contexts ids in CPython 2.7's dict order;
// both shape the result, so both are reproduced: hashes are Python 2.7's 64-bit tuple hash, and a
// left semi-context's contexts are walked in CPython's slot order (8-slot table with CPython's
// probing up to 5 entries, then one slot per right id, since right ids are < 32 — which is why
// valueBits ≤ 3: at most 3^3 − 1 = 26 right semi-contexts). Python's `False != contextID` skips
// context 0 whenever no zero-level context is new (False == 0); kept.
//
// What is not Python's:
// - maxContexts bounds memory and work. Once full, no context (nor semi-context) is made any more;
//   the model keeps updating its statistics and predicting with what it has ("freezes"). NAB's
//   largest model is 63,892 contexts (art_noisy, white noise: ~16 new contexts per row); every
//   other file stays under 12,500. With the default 65,536 nothing freezes on NAB.
// - a level outside [inputMin, inputMax] is clamped to the lowest/highest level (Python would make
//   extra facts; NAB never hits this, its range is the file's).
// - inputMin/inputMax = NaN: the range is learned from the values seen so far, including the
//   current one, and every value is quantised with the range of its own step. When a value passes
//   a learned bound, the bound moves to the value plus rangePadding × the new range beyond it, so
//   the levels are re-quantised rarely (each time, the learned contexts keep their facts, which now
//   stand for wider levels). Tried on NAB (standard profile, corpus-wide threshold): padding 0 →
//   47.7, 0.1 → 48.2, 0.25 → 44.7, 0.5 → 49.9, 1 → 55.2, 2 → 51.5, 4 → 39.6; default 1.
// - dedupe of proposed contexts (for "proposed contexts" above) is by (left tuple hash, right
//   facts) rather than by tuple equality: a 64-bit hash collision would merge two (never seen).
//
// Cost. Per row, nothing scans the model; the work is:
// - finding the fully present left semi-contexts ("full lefts"): each left with neuron facts is
//   listed once, under its greatest neuron id, with its sensor facts and a 32-bit signature of its
//   other neurons; a row walks the lists of its ≤ maxActive neurons, drops entries whose sensor
//   facts or signature rule them out, and checks the rest against a bitset of the group's neurons.
//   Sensor-only lefts are looked up by mask (≤ 2^valueBits). On NAB's nyc_taxi: ~310 list entries,
//   ~53 checked, ~43 full, per row (the inverted lists of every neuron were ~2,200 entries). The
//   lists are walked from one contiguous block per neuron (context-left-lists.ts), not the linked
//   nodes a saved state holds.
// - updating their contexts' statistics lazily: a full left only counts the row under the value
//   level that followed (L_PEND), and its contexts' seen/hits are settled when someone reads them
//   (flushLeft: before a context joins the left, or when a prediction needs exact hit rates).
//   The active contexts (all right facts present) are found by right id (≤ 2^valueBits − 1 per
//   left), get activations += 1 at once and are offered to the running top maxActive. Which
//   contexts have hit rate exactly 1 ("perfect": updated, and every time all right facts were
//   present) is kept exactly with bit operations over right ids (< 32).
// - predicting: if any full left holds a perfect context, the prediction is the union of the
//   perfect contexts' right facts (no hit rate computed); else each full left's cached (greatest
//   hit rate, union of its right facts) is combined, settled first unless its bound says it cannot
//   reach the greatest rate found (context-settle-bounds.ts).
// - only on rows that made a new zero-level context: one pass over the left semi-contexts holding
//   a zero-level context (Python's crossed list), skipping at once those whose zero-level
//   contexts' right facts cannot meet this row's. The pass reads a compact table of those lefts,
//   and which of their neurons were in the group is marked from the group's side
//   (context-zero-index.ts), not tested neuron by neuron. This, and the proposals it makes (each a
//   tuple hash and a set insert, ~290 distinct per row on white noise), is the part that grows
//   with the model; it is bounded by maxContexts (once full, no row makes a zero-level context).
// So a row's work is set by its full lefts (≤ 26 contexts each), its active contexts and the
// index lists of its ≤ maxActive neurons — not by a scan of the model — except on rows that learn
// a new context (per-row counts in DESIGN.md "Anomaly detection").
// Values must be finite (the host filters them).
//
// Params (f64 words): 0 inputMin (NaN = learn), 1 inputMax (NaN = learn), 2 threshold,
// 3 restPeriod, 4 baseThreshold, 5 maxLeftSemiContextLength, 6 maxActiveNeurons, 7 valueBits (1..3),
// 8 maxContexts, 9 rangePadding; defaults and why in CONTEXT_DEFAULTS (context-reference-params.ts):
// CAD's own but maxActiveNeurons (1, not 15), and eddy's threshold and rangePadding.
//
// Files: context-layout.ts (state layout), context-hash.ts (tuple hash, lefts by hash),
// context-dict.ts (CPython dict order), context-store.ts (making contexts), context-statistics.ts,
// context-proposals.ts, context-neurons.ts, context-crossing.ts, context-save.ts (save/load), and
// the derived indexes, rebuilt on load and never saved: context-zero-index.ts, context-left-lists.ts
// (both on context-blocks.ts).

import { crossLeft } from './context-crossing';
import { dictGet } from './context-dict';
import { findLeft, tupleHash } from './context-hash';
import {
  ACTIVE_N, BASE_THRESHOLD, BIN_MASK_OFF, BITS, CTX_BYTES, EVENTS, GROUP_NEURONS, GROUP_SENSORS,
  HAS_GROUP, INLINE_TAIL_BYTES, LAST_HIGH, LEARN_MAX, LEARN_MIN, LEFT_BYTES, MAX, MAX_ACTIVE,
  MAX_CONTEXTS, MAX_LEN, MIN, NEURONS, NEW_CONTEXT_ID, PRED_MASK, RANGE_PADDING, REST_PERIOD,
  RIGHT_BY_MASK_OFF, R_BIG, R_CAP, R_CONTEXTS, R_FULL, R_GROUP_BITS, R_LEFTS, R_LEFT_HASH, R_NODES,
  R_POOL, R_POT, R_POT_SET, R_ZERO_BITS, SENSOR_ONLY_OFF, THRESHOLD, TOP_K, leftAt, regionLen,
  regionPtr, setRegionLen, tail
} from './context-layout';
import { finishNeurons } from './context-neurons';
import { addProposed, propose } from './context-proposals';
import { updateFull } from './context-statistics';
import { findOrAdd, markZeroLevel } from './context-store';
import { writeRow } from './detector-row';
import { zeroIndexBytes, zeroIndexCreate, zeroIndexFree } from './context-zero-index';
import { leftListsBytes, leftListsCreate, leftListsFree } from './context-left-lists';
import { settleBoundsBytes, settleBoundsCreate, settleBoundsFree } from './context-settle-bounds';

// ── create / step ──

/** A new detector from the f64 params at `params` (order in the header); free it with ctxFree. */
export function ctxCreate(params: usize): usize {
  const maxActive = <i32>load<f64>(params, 48);
  const bytes = NEURONS + (<usize>maxActive << 2) + INLINE_TAIL_BYTES;
  const s = heap.alloc(bytes);
  memory.fill(s, 0, bytes);
  const inputMin = load<f64>(params, 0);
  const inputMax = load<f64>(params, 8);
  store<i32>(s, isNaN(inputMin) ? 1 : 0, LEARN_MIN);
  store<i32>(s, isNaN(inputMax) ? 1 : 0, LEARN_MAX);
  store<f64>(s, isNaN(inputMin) ? Infinity : inputMin, MIN);
  store<f64>(s, isNaN(inputMax) ? -Infinity : inputMax, MAX);
  store<f64>(s, load<f64>(params, 16), THRESHOLD);
  store<f64>(s, load<f64>(params, 24), REST_PERIOD);
  store<f64>(s, load<f64>(params, 32), BASE_THRESHOLD);
  store<i32>(s, <i32>load<f64>(params, 40), MAX_LEN);
  store<i32>(s, maxActive, MAX_ACTIVE);
  store<i32>(s, <i32>load<f64>(params, 56), BITS);
  store<i32>(s, <i32>load<f64>(params, 64), MAX_CONTEXTS);
  store<f64>(s, load<f64>(params, 72), RANGE_PADDING);
  const t = tail(s);
  memory.fill(t + RIGHT_BY_MASK_OFF, 0xff, 256);
  memory.fill(t + SENSOR_ONLY_OFF, 0xff, 256);
  const bits = load<i32>(s, BITS);
  for (let j = 0; j < (1 << bits); j++) {
    let facts = 0;
    for (let b = 0; b < bits; b++) facts |= 1 << (b * 2 + ((j >> b) & 1));
    store<i32>(t + BIN_MASK_OFF + (<usize>j << 2), facts);
  }
  zeroIndexCreate(s);
  leftListsCreate(s);
  settleBoundsCreate(s, 0);
  return s;
}

/** One row: quantise, score against last row's prediction, learn, predict the next row. */
export function ctxStep(s: usize, time: f64, value: f64, out: usize): void {
  const below = load<i32>(s, LEARN_MIN) != 0 && value < load<f64>(s, MIN);
  const above = load<i32>(s, LEARN_MAX) != 0 && value > load<f64>(s, MAX);
  if (below || above) {
    const range = max(load<f64>(s, MAX), value) - min(load<f64>(s, MIN), value);
    const pad = load<f64>(s, RANGE_PADDING) * (range == Infinity ? 0 : range);
    if (below) store<f64>(s, value - pad, MIN);
    if (above) store<f64>(s, value + pad, MAX);
  }
  const lo = load<f64>(s, MIN);
  const bits = load<i32>(s, BITS);
  const maxBin = (1 << bits) - 1;
  let fullRange = load<f64>(s, MAX) - lo;
  if (fullRange == 0) fullRange = <f64>maxBin;
  const valueStep = fullRange / <f64>maxBin;
  const q = Math.trunc((value - lo) / valueStep);
  const bin = q >= <f64>maxBin ? maxBin : q <= 0 ? 0 : <i32>q;
  let sensors = 0;
  for (let b = 0; b < bits; b++) sensors |= 1 << (b * 2 + ((bin >> b) & 1));

  // The band: the hull of the levels whose every fact was predicted.
  const predMask = load<i32>(s, PRED_MASK);
  let first = -1;
  let last = -1;
  for (let j = 0; j <= maxBin; j++) {
    let facts = 0;
    for (let b = 0; b < bits; b++) facts |= 1 << (b * 2 + ((j >> b) & 1));
    if ((facts & ~predMask) != 0) continue;
    if (first < 0) first = j;
    last = j;
  }
  let lower = NaN;
  let upper = NaN;
  let expected = NaN;
  if (first >= 0) {
    lower = lo + <f64>first * valueStep;
    upper = last == maxBin ? lo + <f64>last * valueStep : lo + <f64>(last + 1) * valueStep;
    expected = (lower + upper) / 2;
  }

  const current = cadStep(s, sensors, bin, (sensors & ~predMask) == 0);

  const k = load<f64>(s, EVENTS) + 1;
  store<f64>(s, k, EVENTS);
  const rest = load<f64>(s, REST_PERIOD);
  const warmup = k <= rest;
  const score = load<f64>(s, LAST_HIGH) < k - rest ? current : 0.0;
  if (current >= load<f64>(s, BASE_THRESHOLD)) store<f64>(s, k, LAST_HIGH);
  const direction = first < 0 ? 0.0 : value > upper ? 1.0 : value < lower ? -1.0 : 0.0;
  writeRow(out, score, expected, lower, upper, direction, warmup, !warmup && score >= load<f64>(s, THRESHOLD));
}

/** cad_ose.py's step() and getAnomalyScore's raw score; `predicted`: every sensor fact was predicted. */
function cadStep(s: usize, sensors: i32, bin: i32, predicted: bool): f64 {
  const stamp = <i32>load<f64>(s, EVENTS) + 1;
  const groupSensors = load<i32>(s, GROUP_SENSORS);
  const groupNeurons = load<i32>(s, GROUP_NEURONS);
  const hasGroup = load<i32>(s, HAS_GROUP) != 0;
  let groupHash: i64 = 0;
  let willBeNew = false;
  if (hasGroup) {
    groupHash = tupleHash(groupSensors, s + NEURONS, groupNeurons);
    willBeNew = zeroIsNew(s, groupHash, sensors);
  }
  // updateContextsAndGetActive, over the left semi-contexts crossed last row. Python makes the
  // zero-level context first and skips it here; making it after is the same. Without a new one,
  // Python skips context 0 (False == 0).
  store<i32>(s, 0, ACTIVE_N);
  store<i32>(s, 0, TOP_K);
  const selected = updateFull(s, bin, !willBeNew);
  let newContext = false;
  if (hasGroup) {
    const c = findOrAdd(s, groupSensors, s + NEURONS, groupNeurons, groupHash, sensors, true);
    if (c != -1) {
      if ((c & (1 << 31)) != 0) {
        newContext = true;
        store<i32>(s, c & 0x7fffffff, NEW_CONTEXT_ID);
      } else {
        markZeroLevel(s, c);
      }
    }
  }

  let unique = 0;
  setRegionLen(s, R_POT, 0);
  if (newContext) unique = propose(s, sensors, bin, groupHash, stamp);
  store<i32>(s, 0, NEW_CONTEXT_ID);
  const nActive = load<i32>(s, ACTIVE_N);
  // The previous group's neuron facts leave the group bits (propose was their last reader).
  const bitsPtr = regionPtr(s, R_GROUP_BITS);
  for (let i = 0; i < groupNeurons; i++) {
    const c = load<i32>(s + NEURONS + (<usize>i << 2));
    const w = bitsPtr + (<usize>(c >> 5) << 2);
    store<i32>(w, load<i32>(w) & ~(1 << (c & 31)));
  }
  const selectedActive = selected > 0 ? <f64>nActive / <f64>selected : 0.0;

  finishNeurons(s);
  store<i32>(s, sensors, GROUP_SENSORS);
  store<i32>(s, 1, HAS_GROUP);

  // contextCrosser(leftOrRight=0): store the proposals, then cross the new fact group.
  let added = addProposed(s);
  crossLeft(s, sensors);

  if (newContext) added += 1;
  const addedShare = newContext && unique > 0 ? <f64>added / <f64>unique : 0.0;
  return predicted ? 0.0 : (1.0 - selectedActive + addedShare) / 2.0;
}

/** Whether findOrAdd would make the zero-level context (group → `sensors`) now. */
function zeroIsNew(s: usize, groupHash: i64, sensors: i32): bool {
  const leftId = findLeft(s, groupHash);
  const rightId = load<i32>(tail(s) + RIGHT_BY_MASK_OFF + (<usize>sensors << 2));
  if (leftId >= 0 && rightId >= 0 && dictGet(s, leftAt(s, leftId), rightId) >= 0) return false;
  return regionLen(s, R_CONTEXTS) < load<i32>(s, MAX_CONTEXTS);
}

/** Bytes held: the header and every region's capacity. */
export function ctxStateBytes(s: usize): i32 {
  let bytes = <i32>(NEURONS + (<usize>load<i32>(s, MAX_ACTIVE) << 2) + INLINE_TAIL_BYTES);
  bytes += load<i32>(s + R_CONTEXTS, R_CAP) * <i32>CTX_BYTES;
  bytes += load<i32>(s + R_LEFTS, R_CAP) * <i32>LEFT_BYTES;
  bytes += load<i32>(s + R_POOL, R_CAP) * 4;
  bytes += load<i32>(s + R_NODES, R_CAP) * 16;
  bytes += load<i32>(s + R_BIG, R_CAP) * 128;
  bytes += load<i32>(s + R_LEFT_HASH, R_CAP) * 16;
  bytes += load<i32>(s + R_ZERO_BITS, R_CAP) * 4;
  bytes += load<i32>(s + R_FULL, R_CAP) * 4;
  bytes += load<i32>(s + R_GROUP_BITS, R_CAP) * 4;
  bytes += load<i32>(s + R_POT, R_CAP) * ((16 + (load<i32>(s, MAX_LEN) << 2) + 7) & ~7);
  bytes += load<i32>(s + R_POT_SET, R_CAP) * 16;
  return bytes + zeroIndexBytes(s) + leftListsBytes(s) + settleBoundsBytes(s);
}

/** Contexts learned so far (for tests and reports). */
export function ctxContextCount(s: usize): i32 {
  return regionLen(s, R_CONTEXTS);
}

/** Releases the detector and its regions; the address is invalid afterwards. */
export function ctxFree(s: usize): void {
  const regions: StaticArray<usize> = [R_CONTEXTS, R_LEFTS, R_POOL, R_NODES, R_BIG, R_LEFT_HASH, R_ZERO_BITS, R_FULL, R_GROUP_BITS, R_POT, R_POT_SET];
  for (let i = 0; i < regions.length; i++) {
    const p = regionPtr(s, regions[i]);
    if (p != 0) heap.free(p);
  }
  zeroIndexFree(s);
  leftListsFree(s);
  settleBoundsFree(s);
  heap.free(s);
}
