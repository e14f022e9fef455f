// Hopping panes as arrays of entries: the store of a hopping job whose results are never revised
// (emit 'final', no allowedLateness: the common case).
// The other hopping jobs keep their (window, key) slots in the shared pool (slot-pool.ts).
//
// An entry is one (key, pane). A pane's entries are one array, in arrival order, so the passes a
// window close makes over a pane (free it, fold it into its keys' prefixes, fold its tail
// suffixes: pane-entry-folds.ts) read memory front to back. At one event per key per slide every
// event opens an entry and every entry is freed a window later; a pool slot costs an allocation, a
// registry link and a free-list push for that, and its key's next slot is a cache miss when it
// becomes the head. Here an entry is appended, and freed with its whole pane; a key's next entry
// is named by (pane handle, position), so it becomes head by setting one bit, without a load.
//
// Panes are handles (pane-handles.ts); entries are named by references, handle << 32 | position.
//
// Entry (entryBytes = 16 + 16 × W, and the fold sketches' addresses; W = blockWords(), the count and accWords rounded up to even:
// a counted block of accumulator-merges.ts, merged a pair of words at a time):
//   0  keyId     i32
//   8  next      i64   the key's next open entry, ascending pane start (-1: none)
//   16 count     f64   \ the pane's block
//   24 acc       f64 × accWords (and a pad word when accWords is even)
//   16 + 8W      the suffix: a counted block, the right fold from this entry to the end of its
//                tail block, while its pane is in a tail (pane-entry-folds.ts)
//   16 + 16W     with quantile or distinct accumulators: the suffix's sketches (pane-entry-sketches.ts)
//
// Per key, a record of keyBytes: head i64 (its earliest open entry), last i64 (the entry it hit
// last), prev i64 (the entry before last in its chain, -1: not known), lastStart f64 (last's pane
// start), then from KEY_FOLDS its folds (pane-entry-folds.ts' row). An event a little out of order
// lands in prev's pane or between the two, without a search from the head (window-store.ts
// explains why that matters).
//
// Head bits: one per entry of a pane, set while the entry is its key's earliest open one; a
// window's keys are the set bits of its panes in pane order (the order of pane-order.ts).

import { initCounted, hasSketches, freeSketches, sketchBytes } from './accumulators';
import { growRegion } from './heap-region';
import { noteSlotOpened, noteSlotClosed, refuseNewSlot } from './state-limits';
import { winCount } from './window-registry';
import { keyFoldBytes, initKeyFolds } from './pane-entry-folds';
import { foldSketchCount, planEntrySketches, foldSketchBytes, initEntrySketches, freeEntrySketches, freeKeySketches, entrySketchBytes, keySketchBytes } from './pane-entry-sketches';
import {
  blockWords, entryStride, setEntryStride, handleRec, handleCount, handleEntries, refOf, refAddr, refStart, paneHandleAt, paneHandleFor, appendEntry, setHeadBit, releaseHandle,
} from './pane-handles';

export const E_NEXT: usize = 8;
export const E_COUNT: usize = 16;
export const E_ACC: usize = 24;

/** Entries open, for openWindowSlots: counted when asked (a count per event costs a global's load and store). */
export function openEntries(): i32 {
  if (keyBytes == 0) return 0; // this store holds nothing: the registry's entries are not its panes
  let n = 0;
  for (let w = 0; w < winCount; w++) n += handleCount(paneHandleAt(w));
  return n;
}

/** Offset of a key's folds in its record (pane-entry-folds.ts). */
export const KEY_FOLDS: usize = 32;
let keyBytes: usize = 0;
let keys: usize = 0;
let keyCap: i32 = 0;

/** Offset of an entry's suffix block. */
// @ts-ignore: decorator
@inline
export function sufOff(): usize {
  return 16 + (<usize>blockWords() << 3);
}

/** Offset of an entry's suffix sketches' addresses (pane-entry-sketches.ts), after its suffix block. */
// @ts-ignore: decorator
@inline
export function entrySketchOff(): usize {
  return sufOff() + (<usize>blockWords() << 3);
}

/** Key k's record (k must have had an entry). */
// @ts-ignore: decorator
@inline
export function keyRec(keyId: i32): usize {
  return keys + <usize>keyId * keyBytes;
}

/** The key records' base and size, for a pass over many keys that holds them in locals (keyRec's). */
export function keyRecords(): usize {
  return keys;
}
export function keyRecordBytes(): usize {
  return keyBytes;
}

function growKeys(keyId: i32): void {
  if (keyBytes == 0) {
    planEntrySketches();
    setEntryStride(entrySketchOff() + foldSketchBytes());
    keyBytes = KEY_FOLDS + keyFoldBytes();
  }
  let cap = keyCap == 0 ? 1024 : keyCap * 2;
  while (cap <= keyId) cap *= 2;
  keys = growRegion(keys, <usize>cap * keyBytes);
  for (let k = keyCap; k < cap; k++) {
    const kr = keys + <usize>k * keyBytes;
    store<i64>(kr, -1);
    store<i64>(kr, -1, 8);
    store<i64>(kr, -1, 16);
    store<f64>(kr, NaN, 24);
    initKeyFolds(kr + KEY_FOLDS);
  }
  keyCap = cap;
}

/**
 * The entry of (keyId, pane [start, …)), created empty when absent.
 * Its address is valid until the next entry is created.
 */
// @ts-ignore: decorator
@inline
export function entryFor(keyId: i32, start: f64, end: f64): usize {
  if (keyId >= keyCap) growKeys(keyId);
  const kr = keys + <usize>keyId * keyBytes;
  const last = load<i64>(kr, 8);
  if (last >= 0) {
    const lastStart = load<f64>(kr, 24);
    if (lastStart == start) return refAddr(last);
    if (lastStart < start) {
      // After the key's last entry, which ends its chain: at one event per key per slide, every
      // event. The last entry's pane is not the new one's, so its address stays valid.
      const lastAt = refAddr(last);
      if (load<i64>(lastAt, E_NEXT) < 0) return appendEntryAfter(kr, keyId, paneHandleFor(start, end), start, last, lastAt);
    }
  }
  return findOrCreate(kr, keyId, start, end);
}

/** A new entry of keyId in pane h (starting at `start`), ending its chain after `last` (at lastAt): createEntry's common case. */
// @ts-ignore: decorator
@inline
function appendEntryAfter(kr: usize, keyId: i32, h: i32, start: f64, last: i64, lastAt: usize): usize {
  const pos = appendEntry(h);
  const p = fillEntry(h, pos, keyId, -1);
  const ref = refOf(h, pos);
  store<i64>(lastAt, ref, E_NEXT);
  noteSlotOpened(keyId);
  noteLast(kr, ref, last, start);
  return p;
}

/** The new entry at position pos of pane h: key keyId, `next` after it in its chain, its words a new slot's. Returns its address. */
// @ts-ignore: decorator
@inline
function fillEntry(h: i32, pos: i32, keyId: i32, next: i64): usize {
  const p = handleEntries(h) + <usize>pos * entryStride();
  store<i32>(p, keyId);
  store<i64>(p, next, E_NEXT);
  initCounted(p + E_COUNT);
  if (foldSketchCount != 0) initEntrySketches(p);
  return p;
}

/** The key (record kr) hit entry `ref` last, in the pane starting at `start`; `prev` is the entry before it in its chain (-1: not known). */
// @ts-ignore: decorator
@inline
function noteLast(kr: usize, ref: i64, prev: i64, start: f64): void {
  store<i64>(kr, ref, 8);
  store<i64>(kr, prev, 16);
  store<f64>(kr, start, 24);
}

function findOrCreate(kr: usize, keyId: i32, start: f64, end: f64): usize {
  const last = load<i64>(kr, 8);
  let prev: i64 = -1;
  let s = load<i64>(kr);
  // Chains ascend by start: search on from the last entry hit when it starts earlier, else from
  // the entry before it when that starts no later, else from the head.
  if (last >= 0) {
    const before = load<i64>(kr, 16);
    if (load<f64>(kr, 24) < start) {
      prev = last;
      s = load<i64>(refAddr(last), E_NEXT);
    } else if (before >= 0 && refStart(before) <= start) {
      if (refStart(before) == start) return noteHit(kr, before, -1, start); // its own predecessor is not known
      prev = before; // the new entry goes between it and the last one
      s = last;
    }
  }
  while (s >= 0) {
    const st = refStart(s);
    if (st == start) return noteHit(kr, s, prev, start);
    if (st > start) break;
    prev = s;
    s = load<i64>(refAddr(s), E_NEXT);
  }
  return createEntry(kr, keyId, paneHandleFor(start, end), start, s, prev);
}

/** A new entry of keyId in pane h (starting at `start`), between `prev` and `next` in its chain (-1: none). */
// @ts-ignore: decorator
@inline
function createEntry(kr: usize, keyId: i32, h: i32, start: f64, next: i64, prev: i64): usize {
  const pos = appendEntry(h);
  const p = fillEntry(h, pos, keyId, next);
  const ref = refOf(h, pos);
  if (prev < 0) {
    // Ahead of its key's chain: the head now, and the old head is one no more.
    store<i64>(kr, ref);
    setHeadBit(h, pos, true);
    if (next >= 0) setHeadBit(<i32>(next >> 32), <i32>next, false);
  } else store<i64>(refAddr(prev), ref, E_NEXT);
  noteSlotOpened(keyId);
  noteLast(kr, ref, prev, start);
  return p;
}

function noteHit(kr: usize, ref: i64, prev: i64, start: f64): usize {
  noteLast(kr, ref, prev, start);
  return refAddr(ref);
}

/**
 * Why an event of keyId into the pane starting at `start` is refused (a state limit's status), or 0:
 * only a new entry can be (window-store.ts' slotRefused for the pool).
 */
// @ts-ignore: decorator
@inline
export function entryRefused(keyId: i32, start: f64): u8 {
  const r = refuseNewSlot(keyId);
  if (r == 0 || entryIsOpen(keyId, start)) return 0;
  return r;
}

/** Whether (keyId, pane starting at `start`) has an entry: entryFor would find it, not create it. */
export function entryIsOpen(keyId: i32, start: f64): bool {
  if (keyId >= keyCap) return false;
  let s = load<i64>(keys + <usize>keyId * keyBytes);
  while (s >= 0) {
    const st = refStart(s);
    if (st == start) return true;
    if (st > start) return false;
    s = load<i64>(refAddr(s), E_NEXT);
  }
  return false;
}

/**
 * Frees registry entry w's pane, the first open one: each of its entries heads its key's chain,
 * and the key's next entry becomes head. The registry entry itself is the caller's to drop;
 * `oldest` is the handle of the pane that will be the oldest open one then (-1: none), whose head
 * bits are not kept (pane-handles.ts).
 */
export function freePaneEntries(w: i32, oldest: i32): void {
  const h = paneHandleAt(w);
  const r = handleRec(h);
  const n = load<i32>(r, 12);
  const base = <usize>load<u32>(r, 8);
  const stride = entryStride();
  const records = keys;
  const recordBytes = keyBytes;
  if (hasSketches()) freePaneSketches(base, n, stride);
  for (let i = 0; i < n; i++) {
    const p = base + <usize>i * stride;
    const keyId = load<i32>(p);
    const next = load<i64>(p, E_NEXT);
    if (unlinkHead(records + <usize>keyId * recordBytes, keyId, refOf(h, i), next, oldest)) setHeadBit(<i32>(next >> 32), <i32>next, true);
  }
  releaseHandle(h);
}

/**
 * Entry `ref` of key keyId (record kr), the key's head, goes with its pane: its successor `next`
 * (-1: none) heads the key now. Returns whether next's head bit is to be set: it is not in
 * `oldest`, the pane that will be the oldest open one (pane-handles.ts keeps no bits there).
 */
// @ts-ignore: decorator
@inline
export function unlinkHead(kr: usize, keyId: i32, ref: i64, next: i64, oldest: i32): bool {
  store<i64>(kr, next);
  if (load<i64>(kr, 8) == ref) store<i64>(kr, -1, 8);
  if (load<i64>(kr, 16) == ref || load<i64>(kr, 8) < 0) store<i64>(kr, -1, 16);
  noteSlotClosed(keyId);
  return next >= 0 && <i32>(next >> 32) != oldest;
}

/**
 * The sketches of a pane's n entries at base, before the pane is freed: each entry's own, its
 * suffix's, and the key's prefix's when the entry is its key's last (pane-entry-sketches.ts).
 */
function freePaneSketches(base: usize, n: i32, stride: usize): void {
  for (let i = 0; i < n; i++) {
    const p = base + <usize>i * stride;
    freeSketches(p + E_ACC);
    freeEntrySketches(p);
    if (load<i64>(p, E_NEXT) < 0) freeKeySketches(keys + <usize>load<i32>(p) * keyBytes + KEY_FOLDS);
  }
}

/** Heap bytes of this store beside its panes' (pane-handles.ts): the key records, the entries' sketches. */
export function paneKeyBytes(): f64 {
  let bytes = <f64>keyCap * <f64>keyBytes;
  if (!hasSketches()) return bytes;
  for (let k = 0; k < keyCap; k++) bytes += keySketchBytes(keys + <usize>k * keyBytes + KEY_FOLDS);
  const stride = entryStride();
  for (let w = 0; w < winCount; w++) {
    const h = paneHandleAt(w);
    const base = <usize>load<u32>(handleRec(h), 8);
    for (let i = 0, n = load<i32>(handleRec(h), 12); i < n; i++) {
      const p = base + <usize>i * stride;
      bytes += <f64>sketchBytes(p + E_ACC) + entrySketchBytes(p);
    }
  }
  return bytes;
}
