// The open windows (for hopping windows, the open panes): a small array sorted by end, each with
// the first and last slot of its list, so closing walks windows in end order and keys in order of
// first appearance: the emission order is a pure function of the input. A window's slots are linked
// by their winNext field (slot-pool.ts).
//
// Entry, 40 bytes each:
//   0  start f64    8  end f64    16 first i32    20 last i32
//   24 hopping panes only (pane-order.ts): slots by arrival u32, count i32, capacity i32, head bits u32;
//      or, for a pane of pane-entries.ts (first and last slot -1), its handle i32 (the rest 0)

import { slotPtr } from './slot-pool';
import { growRegion } from './heap-region';

/** Bytes of a registry entry. */
export const WIN_BYTES: usize = 40;
let wins: usize = 0;
let winCap: i32 = 0;
export let winCount: i32 = 0;
/** Start of registry entry 0, +∞ when none: kept, since hopping windows ask it on every event (nextHoppingEnd). */
export let firstWindowStart: f64 = Infinity;

/** Registry index of the window that the slot `slotFor` last created joined (valid until the registry changes). */
export let slotWindow: i32 = -1;

/** Appends slot s, just created, to the list of window [start, end), creating the window if it is new. */
// @ts-ignore: decorator
@inline
export function joinWindow(s: i32, start: f64, end: f64): void {
  // Nearly always the latest window (for hopping, the newest pane), already open: append to it.
  const lw = wins + <usize>(winCount - 1) * WIN_BYTES;
  if (winCount > 0 && load<f64>(lw, 8) == end && load<f64>(lw) == start) {
    store<i32>(slotPtr(load<i32>(lw, 20)), s, 8);
    store<i32>(lw, s, 20);
    slotWindow = winCount - 1;
  } else registerInWindow(s, start, end);
}

/** Appends slot s to the list of window [start, end), creating the window if it is new. */
function registerInWindow(s: i32, start: f64, end: f64): void {
  const i = openPaneAt(start, end);
  const w = wins + <usize>i * WIN_BYTES;
  slotWindow = i;
  if (paneOpened) store<i32>(w, s, 16);
  else store<i32>(slotPtr(load<i32>(w, 20)), s, 8);
  store<i32>(w, s, 20);
}

/** Whether the last openPaneAt inserted its entry (else the window was open already). */
export let paneOpened: bool = false;

/**
 * Registry index of window (or pane) [start, end), inserted when absent with no slots (first and
 * last slot -1); `paneOpened` says which.
 */
export function openPaneAt(start: f64, end: f64): i32 {
  // Windows are sorted by (end, start); new windows are nearly always the latest.
  let i = winCount;
  while (i > 0) {
    const w = wins + <usize>(i - 1) * WIN_BYTES;
    const we = load<f64>(w, 8);
    const ws = load<f64>(w);
    if (we < end || (we == end && ws < start)) break;
    if (we == end && ws == start) {
      paneOpened = false;
      return i - 1;
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
  store<i32>(at, -1, 16);
  store<i32>(at, -1, 20);
  memory.fill(at + 24, 0, WIN_BYTES - 24);
  winCount++;
  if (i == 0) firstWindowStart = start;
  paneOpened = true;
  return i;
}

/** Removes the first n entries of the window registry (their slots already released). */
export function dropFirstWindows(n: i32): void {
  if (n <= 0) return;
  memory.copy(wins, wins + <usize>n * WIN_BYTES, <usize>(winCount - n) * WIN_BYTES);
  winCount -= n;
  firstWindowStart = winCount > 0 ? load<f64>(wins) : Infinity;
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

/** Bytes of the registry itself (not the panes' arrival orders it points to). */
export function windowRegistryBytes(): f64 {
  return <f64>winCap * <f64>WIN_BYTES;
}
