// Open windows and their per-key state. A slot holds one (window, key):
//
//   0  keyId    i32
//   4  keyNext  i32   next open slot of the same key, ascending start (-1 = none); free-list link
//   8  winNext  i32   next slot of the same window, in order of creation (-1 = none)
//   12 (pad)
//   16 start    f64
//   24 count    f64
//   32 acc      f64 × accWords (every accumulator's words, in job order)
//
// Hopping windows append their own per-slot words after the accumulator words (pane-order.ts).
//
// Per key: the head of its chain, the slot it hit last (most events hit the same window as
// their key's previous event, so the common case is one compare, no search; a new window is
// nearly always after the last one hit, so it is linked in from there, not from the head), and
// the slot just before that one in the chain when known (-1: not known, or none). An event a
// little out of order lands in the slot before, or between the two: without that link it searched
// from the head, one dependent cache miss per slot, size/slide slots per event for hopping panes
// (at 16 events per key per second, three quarters of hopping's time went there). Open
// windows are a small array sorted by end, each with the first and last slot of its list, so
// closing walks windows in end order and keys in order of first appearance: the emission order is
// a pure function of the input.

import { accWords, initAccs, sketchBytes } from './accumulators';
import { windowKind, KIND_HOPPING } from './window-kind';
import { hoppingSlotBytes, paneBytes } from './pane-order';
import { paneBlockBytes } from './pane-blocks';
import { RESULT_HEADER_F64 } from './layout';
import { nextResult } from './window-results';
import { revisionStateBytes } from './window-revisions';
import { growRegion } from './heap-region';
import { sessionStateBytes } from './session-windows';
import { rollingStateBytes } from './rolling-windows';
import { refuseNewSlot, noteSlotOpened, noteSlotClosed, resetStateLimits, stateLimitBytes } from './state-limits';

let slots: usize = 0;
let slotCap: i32 = 0;
let slotUsed: i32 = 0; // high-water mark
let freeHead: i32 = -1;
export let openSlots: i32 = 0;

let keyHead: usize = 0; // i32 per key id
let keyLast: usize = 0; // i32 per key id
let keyPrev: usize = 0; // i32 per key id: the slot whose next is keyLast's, or -1
let keyCap: i32 = 0;

// Window registry, 40 bytes each:
//   0  start f64    8  end f64    16 first i32    20 last i32
//   24 hopping panes only (pane-order.ts): slots by arrival u32, count i32, capacity i32, head bits u32
const WIN_BYTES: usize = 40;
let wins: usize = 0;
let winCap: i32 = 0;
export let winCount: i32 = 0;

let stride: usize = 0; // fixed at the first allocation, once the job's accumulators are known

// @ts-ignore: decorator
@inline
export function slotStride(): usize {
  return stride;
}

/** Registry index of the window that the slot `slotFor` last created joined (valid until the registry changes). */
export let slotWindow: i32 = -1;
/** Whether the last `slotFor` created its slot. */
export let slotCreated: bool = false;

// @ts-ignore: decorator
@inline
export function slotPtr(s: i32): usize {
  return slots + <usize>s * slotStride();
}

export function resetWindows(): void {
  slotUsed = 0;
  freeHead = -1;
  openSlots = 0;
  winCount = 0;
  resetStateLimits();
  for (let k = 0; k < keyCap; k++) {
    store<i32>(keyHead + (<usize>k << 2), -1);
    store<i32>(keyLast + (<usize>k << 2), -1);
    store<i32>(keyPrev + (<usize>k << 2), -1);
  }
}

function ensureKey(keyId: i32): void {
  if (keyId < keyCap) return;
  let cap = keyCap == 0 ? 1024 : keyCap * 2;
  while (cap <= keyId) cap *= 2;
  keyHead = growRegion(keyHead, <usize>cap << 2);
  keyLast = growRegion(keyLast, <usize>cap << 2);
  keyPrev = growRegion(keyPrev, <usize>cap << 2);
  for (let k = keyCap; k < cap; k++) {
    store<i32>(keyHead + (<usize>k << 2), -1);
    store<i32>(keyLast + (<usize>k << 2), -1);
    store<i32>(keyPrev + (<usize>k << 2), -1);
  }
  keyCap = cap;
}

function allocSlot(): i32 {
  openSlots++;
  if (freeHead >= 0) {
    const s = freeHead;
    freeHead = load<i32>(slotPtr(s), 4);
    return s;
  }
  if (slotUsed == slotCap) {
    // Hopping slots carry their position in the pane and a tail suffix (pane-order.ts), revised or not.
    if (slotCap == 0) stride = 32 + (<usize>accWords << 3) + (windowKind == KIND_HOPPING ? hoppingSlotBytes() : 0);
    slotCap = slotCap == 0 ? 4096 : slotCap * 2;
    slots = growRegion(slots, <usize>slotCap * slotStride());
  }
  return slotUsed++;
}

// @ts-ignore: decorator
@inline
function freeSlot(s: i32): void {
  store<i32>(slotPtr(s), freeHead, 4);
  freeHead = s;
  openSlots--;
}

/** Appends slot s to the list of window [start, end), creating the window if it is new. */
function registerInWindow(s: i32, start: f64, end: f64): void {
  // Windows are sorted by (end, start); new windows are nearly always the latest.
  let i = winCount;
  while (i > 0) {
    const w = wins + <usize>(i - 1) * WIN_BYTES;
    const we = load<f64>(w, 8);
    const ws = load<f64>(w);
    if (we < end || (we == end && ws < start)) break;
    if (we == end && ws == start) {
      store<i32>(slotPtr(load<i32>(w, 20)), s, 8);
      store<i32>(w, s, 20);
      slotWindow = i - 1;
      return;
    }
    i--;
  }
  if (winCount == winCap) {
    winCap = winCap == 0 ? 64 : winCap * 2;
    wins = growRegion(wins, <usize>winCap * WIN_BYTES);
  }
  const at = wins + <usize>i * WIN_BYTES;
  memory.copy(at + WIN_BYTES, at, <usize>(winCount - i) * WIN_BYTES);
  store<f64>(at, start);
  store<f64>(at, end, 8);
  store<i32>(at, s, 16);
  store<i32>(at, s, 20);
  memory.fill(at + 24, 0, WIN_BYTES - 24);
  winCount++;
  slotWindow = i;
}

/** The accumulator slot of (keyId, window [start, end)), created empty when absent. */
export function slotFor(keyId: i32, start: f64, end: f64): i32 {
  ensureKey(keyId);
  const lastAt = keyLast + (<usize>keyId << 2);
  const last = load<i32>(lastAt);
  slotCreated = false;
  if (last >= 0 && load<f64>(slotPtr(last), 16) == start) return last;
  // Chains ascend by start: search on from the last slot hit when it starts earlier, else from the
  // slot before it when that starts no later, else from the head.
  const headAt = keyHead + (<usize>keyId << 2);
  const prevAt = keyPrev + (<usize>keyId << 2);
  let prev = -1;
  let s = load<i32>(headAt);
  if (last >= 0) {
    const before = load<i32>(prevAt);
    if (load<f64>(slotPtr(last), 16) < start) {
      prev = last;
      s = load<i32>(slotPtr(last), 4);
    } else if (before >= 0 && load<f64>(slotPtr(before), 16) <= start) {
      if (load<f64>(slotPtr(before), 16) == start) {
        store<i32>(lastAt, before);
        store<i32>(prevAt, -1); // its own predecessor is not known
        return before;
      }
      prev = before; // the new slot goes between it and the last one
      s = last;
    }
  }
  while (s >= 0) {
    const st = load<f64>(slotPtr(s), 16);
    if (st == start) {
      store<i32>(lastAt, s);
      store<i32>(prevAt, prev);
      return s;
    }
    if (st > start) break;
    prev = s;
    s = load<i32>(slotPtr(s), 4);
  }
  const n = allocSlot();
  const p = slotPtr(n);
  store<i32>(p, keyId);
  store<i32>(p, s, 4);
  store<i32>(p, -1, 8);
  store<f64>(p, start, 16);
  store<f64>(p, 0, 24);
  initAccs(p + 32);
  if (prev < 0) store<i32>(headAt, n);
  else store<i32>(slotPtr(prev), n, 4);
  // Nearly always the latest window (for hopping, the newest pane), already open: append to it.
  const lw = wins + <usize>(winCount - 1) * WIN_BYTES;
  if (winCount > 0 && load<f64>(lw, 8) == end && load<f64>(lw) == start) {
    store<i32>(slotPtr(load<i32>(lw, 20)), n, 8);
    store<i32>(lw, n, 20);
    slotWindow = winCount - 1;
  } else registerInWindow(n, start, end);
  noteSlotOpened(keyId);
  store<i32>(lastAt, n);
  store<i32>(prevAt, prev);
  slotCreated = true;
  return n;
}

/** Whether (keyId, slot starting at `start`) is open: slotFor would find it, not create it. */
export function slotIsOpen(keyId: i32, start: f64): bool {
  if (keyId >= keyCap) return false;
  let s = load<i32>(keyHead + (<usize>keyId << 2));
  while (s >= 0) {
    const st = load<f64>(slotPtr(s), 16);
    if (st == start) return true;
    if (st > start) return false;
    s = load<i32>(slotPtr(s), 4);
  }
  return false;
}

/**
 * 0 when an event of keyId may go to the slot starting at `start`, else the STATUS_*_LIMIT that
 * refuses it (state-limits.ts). Only a key at a limit pays for the search.
 */
// @ts-ignore: decorator
@inline
export function slotRefused(keyId: i32, start: f64): u8 {
  const r = refuseNewSlot(keyId);
  if (r == 0 || slotIsOpen(keyId, start)) return 0;
  return r;
}

/** Emits and frees every window whose end is ≤ wm, in end order. Returns how many results. */
export function closeWindowsUpTo(wm: f64): i32 {
  let closed = 0;
  let w = 0;
  while (w < winCount) {
    const wp = wins + <usize>w * WIN_BYTES;
    const end = load<f64>(wp, 8);
    if (end > wm) break;
    const start = load<f64>(wp);
    let s = load<i32>(wp, 16);
    while (s >= 0) {
      const p = slotPtr(s);
      const keyId = load<i32>(p);
      const r = nextResult();
      store<f64>(r, <f64>keyId);
      store<f64>(r, start, 8);
      store<f64>(r, end, 16);
      store<f64>(r, load<f64>(p, 24), 24);
      memory.copy(r + (<usize>RESULT_HEADER_F64 << 3), p + 32, <usize>accWords << 3);
      const next = load<i32>(p, 8);
      releaseHeadSlot(s);
      s = next;
      closed++;
    }
    w++;
  }
  dropFirstWindows(w);
  return closed;
}

/**
 * Frees slot s, which must head its key's chain (windows and panes are freed in start order per
 * key). Its accumulator words (sketch addresses included) must have been handed on or freed.
 */
// @ts-ignore: decorator
@inline
export function releaseHeadSlot(s: i32): void {
  const p = slotPtr(s);
  const keyId = load<i32>(p);
  store<i32>(keyHead + (<usize>keyId << 2), load<i32>(p, 4));
  const lastAt = keyLast + (<usize>keyId << 2);
  if (load<i32>(lastAt) == s) store<i32>(lastAt, -1);
  const prevAt = keyPrev + (<usize>keyId << 2);
  if (load<i32>(prevAt) == s || load<i32>(lastAt) < 0) store<i32>(prevAt, -1);
  noteSlotClosed(keyId);
  freeSlot(s);
}

/** Removes the first n entries of the window registry (their slots already released). */
export function dropFirstWindows(n: i32): void {
  if (n <= 0) return;
  memory.copy(wins, wins + <usize>n * WIN_BYTES, <usize>(winCount - n) * WIN_BYTES);
  winCount -= n;
}

/** The head of key k's chain (its earliest open slot), or -1. */
// @ts-ignore: decorator
@inline
export function keyHeadOf(keyId: i32): i32 {
  return load<i32>(keyHead + (<usize>keyId << 2));
}

/** The predecessor in its key's chain of the slot `slotFor` just created (-1: it heads the chain). */
// @ts-ignore: decorator
@inline
export function createdSlotPrev(keyId: i32): i32 {
  return load<i32>(keyPrev + (<usize>keyId << 2));
}

/** Address of registry entry w. */
// @ts-ignore: decorator
@inline
export function windowAt(w: i32): usize {
  return wins + <usize>w * WIN_BYTES;
}

/** Registry index of the hopping pane starting at `start`, which must be open (panes are sorted by start). */
export function windowIndexOf(start: f64): i32 {
  let lo = 0;
  let hi = winCount - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<f64>(wins + <usize>mid * WIN_BYTES) < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Start of registry entry w (a window, or a pane for hopping windows). */
export function windowStartAt(w: i32): f64 {
  return load<f64>(wins + <usize>w * WIN_BYTES);
}

/** First slot (in order of creation) of registry entry w. */
export function firstSlotAt(w: i32): i32 {
  return load<i32>(wins + <usize>w * WIN_BYTES, 16);
}

/** End of the earliest open window (tumbling), or +∞. */
export function firstWindowEnd(): f64 {
  return winCount == 0 ? Infinity : load<f64>(wins, 8);
}

/** Bytes of window state: the slot pool plus every open slot's sketches (and session state). Walks all open slots. */
export function windowStateBytes(): f64 {
  let bytes = <f64>slotCap * <f64>slotStride() + <f64>winCap * <f64>WIN_BYTES + <f64>keyCap * 12 + paneBlockBytes() + sessionStateBytes() + revisionStateBytes() + stateLimitBytes() + rollingStateBytes();
  for (let w = 0; w < winCount; w++) {
    bytes += <f64>paneBytes(wins + <usize>w * WIN_BYTES);
    let s = load<i32>(wins + <usize>w * WIN_BYTES, 16);
    while (s >= 0) {
      bytes += <f64>sketchBytes(slotPtr(s) + 32);
      s = load<i32>(slotPtr(s), 8);
    }
  }
  return bytes;
}
