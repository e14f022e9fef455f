// Which owing left semi-contexts a prediction may leave owing. On a mature model the prediction
// settled every fully present left, every row (crossLeft: 6.2 lefts over 84 contexts a row on
// bench/detector-series.ts's 1M rows, 58% of the wasm instructions), to find the greatest hit
// rate among their contexts and the union of the right facts at it. Most of those lefts cannot
// reach the greatest rate, and this says so without settling them:
//
// At its last settle a left's contexts all had hits ≤ w·seen (w: its greatest rate then, L_MAX_WEIGHT)
// and seen ≥ m (the least seen among them, kept here). Owing k rows, a context of r ≤ valueBits
// right facts gains k·r seen and at most k·r hits, so its rate is at most
//     (w·seen + k·r) / (seen + k·r) = 1 − (1 − w)·seen / (seen + k·r) ≤ 1 − (1 − w)·m / (m + k·R)
// (R = valueBits): growing in r, falling in seen. A left whose bound is below the greatest rate
// already found keeps owing, which changes nothing it will say: settling is exact whenever it
// happens (the rows owed add up as integers). A context that joins a left has seen 0 (m = 0:
// bound 1, settled at the next prediction), and context 0's left, whose skipped rows are owed
// back separately (CORR0), is always settled.
//
// Derived, never saved: a loaded state starts with every m unknown (0), so every owing left is
// settled once before it can be left owing. Which lefts owe then depends on more than the saved
// state, so ctxSave settles every left first: the saved form stays one per model (context-save.ts).
//
// Side block (SETTLE_BOUNDS_BYTES, its address at the state's SETTLE_BOUNDS):
//   0   minSeen   region, f64 per left id: m at its last settle (0: unknown, or a context joined since)

import { LEFT_BYTES, R_LEFTS, SETTLE_BOUNDS, regionLen, regionPtr, reserve, setRegionLen } from './context-layout';

const SB_MIN_SEEN: usize = 0;
const SETTLE_BOUNDS_BYTES: usize = 12;

// @ts-ignore: decorator
@inline
function side(s: usize): usize {
  return load<usize>(s, SETTLE_BOUNDS);
}

/** A side block for state `s` and its `lefts` lefts (at create and load): every left's m unknown. */
export function settleBoundsCreate(s: usize, lefts: i32): void {
  const z = heap.alloc(SETTLE_BOUNDS_BYTES);
  memory.fill(z, 0, SETTLE_BOUNDS_BYTES);
  store<usize>(s, z, SETTLE_BOUNDS);
  if (lefts > 0) {
    reserve(z, SB_MIN_SEEN, lefts, 8, 0);
    setRegionLen(z, SB_MIN_SEEN, lefts);
  }
}

export function settleBoundsFree(s: usize): void {
  const z = side(s);
  const p = regionPtr(z, SB_MIN_SEEN);
  if (p != 0) heap.free(p);
  heap.free(z);
}

/** Bytes the side block holds. */
export function settleBoundsBytes(s: usize): i32 {
  return <i32>SETTLE_BOUNDS_BYTES + load<i32>(side(s) + SB_MIN_SEEN, 8) * 8;
}

/**
 * Left l (a record address) was settled; the least seen among its contexts is now `minSeen`. Never
 * allocates (ctxSave settles every left): each left has its entry from its first context's join,
 * or from the load.
 */
export function noteSettled(s: usize, l: usize, minSeen: f64): void {
  const z = side(s);
  const leftId = <i32>((l - regionPtr(s, R_LEFTS)) / LEFT_BYTES);
  if (leftId < regionLen(z, SB_MIN_SEEN)) store<f64>(regionPtr(z, SB_MIN_SEEN) + (<usize>leftId << 3), minSeen);
}

/** A context (seen 0) joined left `leftId`. */
export function noteJoined(s: usize, leftId: i32): void {
  const z = side(s);
  const p = reserve(z, SB_MIN_SEEN, leftId + 1, 8, 0);
  if (regionLen(z, SB_MIN_SEEN) <= leftId) setRegionLen(z, SB_MIN_SEEN, leftId + 1);
  store<f64>(p + (<usize>leftId << 3), 0);
}

/**
 * The most any context of left `leftId` (record l, owing `owed` > 0 rows) can rate once settled,
 * for `valueBits` bits a level: 1 when its m is unknown.
 */
// @ts-ignore: decorator
@inline
export function settledRateBound(s: usize, leftId: i32, l: usize, owed: i32, w: f64, valueBits: i32): f64 {
  const z = side(s);
  if (leftId >= regionLen(z, SB_MIN_SEEN)) return 1.0;
  const m = load<f64>(regionPtr(z, SB_MIN_SEEN) + (<usize>leftId << 3));
  const kr = <f64>owed * <f64>valueBits;
  return 1.0 - ((1.0 - w) * m) / (m + kr);
}
