// One key's rolling window: the rows released so far that a later row's window can still reach,
// in release order (event time, then arrival), and the folds that make a result cost O(1) merges.
//
// A row's window is the last `maxRows` released rows of its key (itself included) whose time is at
// or after t − span. Its words are tail ⊕ head, cut at the start of the row's *block*: the rows of
// a key are cut into blocks by the span grid (time block ⌊t / span⌋ · span) and, within a time
// block, every `maxRows` rows (sub-blocks). The head is the left fold of the window's rows from the
// cut (all of the current block's rows so far), the tail the right fold of the window's rows before
// it, r1 ⊕ (r2 ⊕ (… ⊕ rk)) — the van Herk / Gil-Werman split that hopping windows use. Sums and
// Chan's variance merge are not associative in floating point, so this grouping is the semantics
// (written plainly in src/reference/rolling-reference.ts). It depends on event times and the rows
// of the current block only, never on how far back the key's history goes: a successor replaying
// from t − span rebuilds the same words (DESIGN.md, "Rolling windows").
//
//   span 10, maxRows ∞:   |0  3  7 |10  12  15 |20 ...   row @15: window [5, 15] = 7 | 10 12 15
//                          tail = right fold of (7) ; head = left fold of (10 12 15)
//
// Per key (stride KEY_HEAD + 8 · accWords):
//   0  ring  u32   rows, a power-of-two ring indexed by absolute row number & (cap − 1)
//   4  cap   i32
//   8  lo    u32   first row of the window (absolute row numbers; u32 arithmetic wraps consistently)
//   12 hi    u32   one past the newest row
//   16 cut   u32   first row of the current block: rows [cut, hi) are the head
//   20 (pad)
//   24 block f64   start of the current time block (−∞: none)
//   32 newest f64  time of the newest row (for expiry)
//   40 (pad)
//   48 head  f64 × accWords   left fold of rows [cut, hi)
// Ring row (stride 8 + 8 · valueCount + 8 · accWords): time, values, tail words (the right fold
// from this row to the end of its block, valid once the block has ended).

import { accWords, initAccs, updateAccs, copyWords } from './accumulators';
import { mergeAccs } from './accumulator-merges';
import { valueCount } from './batch-columns';
import { growRegion } from './heap-region';

const KEY_HEAD: usize = 48;

let keys: usize = 0;
let keyCap: i32 = 0;
let keyStride: usize = 0;
let rowStride: usize = 0;
let span: f64 = 1;
let maxRows: i32 = 0x7fffffff;

export function configureRollingKeys(spanMs: f64, rows: i32): void {
  span = spanMs;
  maxRows = rows;
}

// @ts-ignore: decorator
@inline
export function rollingKeyPtr(keyId: i32): usize {
  if (keyId >= keyCap) growKeys(keyId);
  return keys + <usize>keyId * keyStride;
}

function growKeys(keyId: i32): void {
  if (keyCap == 0) {
    keyStride = KEY_HEAD + (<usize>accWords << 3);
    rowStride = 8 + (<usize>valueCount << 3) + (<usize>accWords << 3);
  }
  let cap = keyCap == 0 ? 1024 : keyCap * 2;
  while (cap <= keyId) cap *= 2;
  keys = growRegion(keys, <usize>cap * keyStride);
  for (let k = keyCap; k < cap; k++) {
    const p = keys + <usize>k * keyStride;
    memory.fill(p, 0, KEY_HEAD);
    store<f64>(p, -Infinity, 24);
    store<f64>(p, -Infinity, 32);
  }
  keyCap = cap;
}

// @ts-ignore: decorator
@inline
function rowPtr(kp: usize, row: u32): usize {
  return <usize>load<u32>(kp) + <usize>(row & <u32>(load<i32>(kp, 4) - 1)) * rowStride;
}

/** Whether the key holds no rows. */
export function rollingKeyEmpty(kp: usize): bool {
  return load<u32>(kp, 8) == load<u32>(kp, 12);
}

/**
 * Releases the key's next row (time t, values at `values`): it joins the key's rows, the rows its
 * window no longer reaches leave. Returns the window's row count.
 */
export function rollRow(kp: usize, t: f64, values: usize): i32 {
  let lo = load<u32>(kp, 8);
  let hi = load<u32>(kp, 12);
  let cut = load<u32>(kp, 16);
  const head = kp + KEY_HEAD;
  let r = t % span;
  if (r < 0) r += span;
  const block = t - r;
  if (block != load<f64>(kp, 24) || <i32>(hi - cut) == maxRows) {
    // A new block: the rows a later window can take from the old one get their right folds.
    const from = <i32>(hi - lo) > maxRows ? hi - <u32>maxRows : lo;
    foldTails(kp, block != load<f64>(kp, 24) ? from : cut, hi);
    cut = hi;
    store<u32>(kp, cut, 16);
    store<f64>(kp, block, 24);
    initAccs(head);
  }
  if (<i32>(hi - lo) == load<i32>(kp, 4)) growRing(kp, lo, hi);
  const p = rowPtr(kp, hi);
  store<f64>(p, t);
  copyWords(p + 8, values, valueCount);
  hi++;
  store<u32>(kp, hi, 12);
  store<f64>(kp, t, 32);
  updateAccs(head, values, 0, 0, t, <f64>(hi - cut));
  const from = t - span;
  while (lo != cut && (load<f64>(rowPtr(kp, lo)) < from || <i32>(hi - lo) > maxRows)) lo++;
  store<u32>(kp, lo, 8);
  return <i32>(hi - lo);
}

/** The words of the window rollRow just formed: tail(lo) ⊕ head, or the head alone. */
export function windowWords(kp: usize, out: usize): void {
  const lo = load<u32>(kp, 8);
  const cut = load<u32>(kp, 16);
  const hi = load<u32>(kp, 12);
  if (lo == cut) {
    copyWords(out, kp + KEY_HEAD, accWords);
    return;
  }
  copyWords(out, tailPtr(kp, lo), accWords);
  mergeAccs(out, kp + KEY_HEAD, <f64>(cut - lo), <f64>(hi - cut));
}

// @ts-ignore: decorator
@inline
function tailPtr(kp: usize, row: u32): usize {
  return rowPtr(kp, row) + 8 + (<usize>valueCount << 3);
}

/** Right folds of rows [a, b) to b: tail(i) = row i ⊕ tail(i + 1). Each row is folded at most twice. */
function foldTails(kp: usize, a: u32, b: u32): void {
  let i = b;
  while (i != a) {
    i--;
    const p = rowPtr(kp, i);
    const tp = p + 8 + (<usize>valueCount << 3);
    initAccs(tp);
    updateAccs(tp, p + 8, 0, 0, load<f64>(p), 1);
    if (i + 1 != b) mergeAccs(tp, tailPtr(kp, i + 1), 1, <f64>(b - i - 1));
  }
}

function growRing(kp: usize, lo: u32, hi: u32): void {
  const oldRing = <usize>load<u32>(kp);
  const oldCap = load<i32>(kp, 4);
  const cap = oldCap == 0 ? 8 : oldCap * 2;
  const ring = heap.alloc(<usize>cap * rowStride);
  for (let i = lo; i != hi; i++) {
    memory.copy(ring + <usize>(i & <u32>(cap - 1)) * rowStride, oldRing + <usize>(i & <u32>(oldCap - 1)) * rowStride, rowStride);
  }
  if (oldRing != 0) heap.free(oldRing);
  store<u32>(kp, <u32>ring);
  store<i32>(kp, cap, 4);
}

/** Forgets every row of the key (none can be in a later window) and frees its ring. */
export function clearRollingKey(kp: usize): void {
  const ring = <usize>load<u32>(kp);
  if (ring != 0) heap.free(ring);
  store<u32>(kp, 0);
  store<i32>(kp, 0, 4);
  const hi = load<u32>(kp, 12);
  store<u32>(kp, hi, 8);
  store<u32>(kp, hi, 16);
  store<f64>(kp, -Infinity, 24);
}

/** Time of the key's newest row. */
export function newestRowTime(kp: usize): f64 {
  return load<f64>(kp, 32);
}

/** Heap bytes of the key table and every key's ring. */
export function rollingKeyBytes(): f64 {
  let bytes = <f64>keyCap * <f64>keyStride;
  for (let k = 0; k < keyCap; k++) bytes += <f64>load<i32>(keys + <usize>k * keyStride, 4) * <f64>rowStride;
  return bytes;
}
