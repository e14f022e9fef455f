// Open windows and their per-key state: a slot (slot-pool.ts) per (window, key), on two lists at
// once: its key's chain, ascending by start, and its window's list (window-registry.ts).
//
// Per key: the head of its chain, the slot it hit last (most events hit the same window as
// their key's previous event, so the common case is one compare, no search; a new window is
// nearly always after the last one hit, so it is linked in from there, not from the head), and
// the slot just before that one in the chain when known (-1: not known, or none). An event a
// little out of order lands in the slot before, or between the two: without that link it searched
// from the head, one dependent cache miss per slot, size/slide slots per event for hopping panes
// (at 16 events per key per second, three quarters of hopping's time went there).

import { accWords, initAccs, initSketchAccs, sketchBytes } from './accumulators';
import { mergeSketchAccs } from './accumulator-merges';
import { paneBytes } from './pane-order';
import { paneBlockBytes } from './pane-blocks';
import { paneKeyBytes } from './pane-entries';
import { paneHandleBytes } from './pane-handles';
import { entryFoldBytes } from './pane-entry-folds';
import { deferredHeadBytes } from './pane-results';
import { RESULT_HEADER_F64 } from './layout';
import { nextResult, writeResultHeader } from './window-results';
import { revisionStateBytes } from './window-revisions';
import { growRegion } from './heap-region';
import { sessionStateBytes } from './session-windows';
import { rollingStateBytes } from './rolling-windows';
import { refuseNewSlot, noteSlotOpened, noteSlotClosed, stateLimitBytes } from './state-limits';
import { slotPtr, allocSlot, freeSlot, slotPoolBytes } from './slot-pool';
import { winCount, windowAt, firstSlotAt, joinWindow, dropFirstWindows, windowRegistryBytes } from './window-registry';

let keyHead: usize = 0; // i32 per key id
let keyLast: usize = 0; // i32 per key id
let keyPrev: usize = 0; // i32 per key id: the slot whose next is keyLast's, or -1
let keyCap: i32 = 0;

/** Whether the last `slotFor` created its slot. */
export let slotCreated: bool = false;

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
  joinWindow(n, start, end);
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

/**
 * Fresh sketches at `acc` (owned by a result) with the key's slots from `head` up to `end` merged
 * in, in start order: a hopping window's sketches, which its cached folds do not hold.
 */
// @ts-ignore: decorator
@inline
export function mergeChainSketches(acc: usize, head: i32, end: f64): void {
  initSketchAccs(acc);
  let s = head;
  while (s >= 0) {
    const p = slotPtr(s);
    if (load<f64>(p, 16) >= end) break;
    mergeSketchAccs(acc, p + 32, load<f64>(p, 24));
    s = load<i32>(p, 4);
  }
}

/** Emits and frees every window whose end is ≤ wm, in end order. Returns how many results. */
export function closeWindowsUpTo(wm: f64): i32 {
  let closed = 0;
  let w = 0;
  while (w < winCount) {
    const wp = windowAt(w);
    const end = load<f64>(wp, 8);
    if (end > wm) break;
    const start = load<f64>(wp);
    let s = load<i32>(wp, 16);
    while (s >= 0) {
      const p = slotPtr(s);
      const keyId = load<i32>(p);
      const r = nextResult();
      writeResultHeader(r, keyId, start, end, load<f64>(p, 24));
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
/** Bytes of window state: the slot pool plus every open slot's sketches (and session state). Walks all open slots. */
export function windowStateBytes(): f64 {
  let bytes = slotPoolBytes() + windowRegistryBytes() + <f64>keyCap * 12 + paneBlockBytes() + sessionStateBytes() + revisionStateBytes() + stateLimitBytes() + rollingStateBytes() + paneHandleBytes() + paneKeyBytes() + entryFoldBytes() + deferredHeadBytes();
  for (let w = 0; w < winCount; w++) {
    bytes += <f64>paneBytes(windowAt(w));
    let s = firstSlotAt(w);
    while (s >= 0) {
      bytes += <f64>sketchBytes(slotPtr(s) + 32);
      s = load<i32>(slotPtr(s), 8);
    }
  }
  return bytes;
}
