// Early results of sessions kept past their end (emit: early(interval), session-revisions.ts):
// which sessions fire in one watermark move, and in what order. A session fires when the watermark
// moves past one of its points start + k·interval (its current start), once per move, while it is
// open and was never finalized. They are written by (end, start, opening order), as finals are.

import { growRegion } from './heap-region';
import { sessionPtr } from './session-store';
import { heapSize, sessionSlotAt } from './session-ends';
import { watermark } from './watermark';

/** The early interval; 0 unless emit is early(interval). */
export let earlyMs: f64 = 0;
/** No open session has a firing point in (watermark, nextFiring): below it a move fires nothing. */
let nextFiring: f64 = Infinity;

let firing: usize = 0; // i32 session slots
let firingCap: i32 = 0;

/** Sessions fire every `intervalMs` of event time (0: never). Before the first event. */
export function configureEarlyFiring(intervalMs: f64): void {
  earlyMs = intervalMs;
}

/** The first firing point start + k·interval (k ≥ 1) after x. */
// @ts-ignore: decorator
@inline
function firstFiringAfter(start: f64, x: f64): f64 {
  if (x < start + earlyMs) return start + earlyMs;
  return start + (Math.floor((x - start) / earlyMs) + 1) * earlyMs;
}

/** A session now starts at `start` (opened, or moved earlier): its firing points may come before nextFiring. */
export function noteStart(start: f64): void {
  if (earlyMs == 0) return;
  const f = firstFiringAfter(start, watermark);
  if (f < nextFiring) nextFiring = f;
}

/**
 * How many sessions fire for the watermark's move from w0 to w1, with session `extra` (-1: none)
 * among them, each once; firingAt(j) is the j-th in output order. The open sessions are scanned
 * only when the move reaches nextFiring, which the scan then recomputes.
 */
export function sessionsFiring(w0: f64, w1: f64, extra: i32, gap: f64): i32 {
  let n = 0;
  let extraIn = false;
  if (w1 > w0 && w1 >= nextFiring) {
    let next: f64 = Infinity;
    for (let i = 0; i < heapSize; i++) {
      const s = sessionSlotAt(i);
      const p = sessionPtr(s);
      if (load<i32>(p, 12) != 0) continue;
      const start = load<f64>(p, 16);
      if (firstFiringAfter(start, w0) <= w1) {
        pushFiring(n++, s);
        if (s == extra) extraIn = true;
      }
      const f = firstFiringAfter(start, w1);
      if (f < next) next = f;
    }
    nextFiring = next;
  }
  if (extra >= 0 && !extraIn) pushFiring(n++, extra);
  if (n == 0) return 0;
  sortFiring(n, gap);
  return n;
}

/** Session s is the j-th firing this move (j = how many were pushed before). */
function pushFiring(j: i32, s: i32): void {
  if (j == firingCap) {
    firingCap = firingCap == 0 ? 256 : firingCap * 2;
    firing = growRegion(firing, <usize>firingCap << 2);
  }
  store<i32>(firing + (<usize>j << 2), s);
}

/** Sorts the first n by (end, start, seq): an insertion sort, since a move usually fires a few sessions (an idle jump may fire many). */
function sortFiring(n: i32, gap: f64): void {
  for (let j = 1; j < n; j++) {
    const s = load<i32>(firing + (<usize>j << 2));
    let k = j;
    while (k > 0 && firesBefore(s, load<i32>(firing + (<usize>(k - 1) << 2)), gap)) {
      store<i32>(firing + (<usize>k << 2), load<i32>(firing + (<usize>(k - 1) << 2)));
      k--;
    }
    store<i32>(firing + (<usize>k << 2), s);
  }
}

function firesBefore(a: i32, b: i32, gap: f64): bool {
  const pa = sessionPtr(a);
  const pb = sessionPtr(b);
  const ea = load<f64>(pa, 24) + gap;
  const eb = load<f64>(pb, 24) + gap;
  if (ea != eb) return ea < eb;
  const sa = load<f64>(pa, 16);
  const sb = load<f64>(pb, 16);
  if (sa != sb) return sa < sb;
  return load<f64>(pa, 40) < load<f64>(pb, 40);
}

/** The j-th firing session after sessionsFiring. */
export function firingAt(j: i32): i32 {
  return load<i32>(firing + (<usize>j << 2));
}
