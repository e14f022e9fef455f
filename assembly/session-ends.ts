// The heap of open sessions by end: which session closes next. Windows close per event, so the
// kernel compares the watermark with `nextSessionEnd()` after every event; a binary min-heap over
// (end, start, seq) — the output order — answers that in O(1) and an emission in O(log n).
//
// One entry per open session, 32 bytes:
//   0  end    f64   \ the session's key as of the entry's last refresh:
//   8  start  f64   | never above its real key
//   16 seq    f64   /
//   24 slot   i32   the session (session-store.ts), which holds the entry's index
//
// Keys are refreshed lazily. Most events extend a session (its last, so its end, grows), and
// re-sifting on each would cost a heap walk per event; instead an entry may hold an end below
// the session's real one. The root is only emitted when its key is the session's real key: then
// no session's real key is smaller (every real key is ≥ its entry's, ≥ the root's). A stale root
// is refreshed and sifted down, about once per gap of event time per session, not once per event.
// The one change that lowers a key — an event before a session's start — refreshes at once.

import { growRegion } from './heap-region';
import { sessionPtr } from './session-store';

const ENTRY: usize = 32;
let ends: usize = 0;
let heapCap: i32 = 0;
export let heapSize: i32 = 0;

// @ts-ignore: decorator
@inline
function entryAt(i: i32): usize {
  return ends + <usize>i * ENTRY;
}

// @ts-ignore: decorator
@inline
function less(a: usize, b: usize): bool {
  const ea = load<f64>(a);
  const eb = load<f64>(b);
  if (ea != eb) return ea < eb;
  const sa = load<f64>(a, 8);
  const sb = load<f64>(b, 8);
  if (sa != sb) return sa < sb;
  return load<f64>(a, 16) < load<f64>(b, 16);
}

// @ts-ignore: decorator
@inline
function place(i: i32, from: usize): void {
  const e = entryAt(i);
  if (e != from) memory.copy(e, from, ENTRY);
  store<i32>(sessionPtr(load<i32>(e, 24)), i, 8);
}

/** Writes session s's real key (end = last + gap) into entry i. */
// @ts-ignore: decorator
@inline
function refreshKey(i: i32, gap: f64): void {
  const e = entryAt(i);
  const p = sessionPtr(load<i32>(e, 24));
  store<f64>(e, load<f64>(p, 24) + gap);
  store<f64>(e, load<f64>(p, 16), 8);
  store<f64>(e, load<f64>(p, 40), 16);
}

// A scratch entry beyond the heap's end holds the entry being moved while others shift.
function scratch(): usize {
  return entryAt(heapCap);
}

function siftUp(i: i32): i32 {
  const x = scratch();
  memory.copy(x, entryAt(i), ENTRY);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!less(x, entryAt(parent))) break;
    place(i, entryAt(parent));
    i = parent;
  }
  place(i, x);
  return i;
}

function siftDown(i: i32): void {
  const x = scratch();
  memory.copy(x, entryAt(i), ENTRY);
  for (;;) {
    let c = 2 * i + 1;
    if (c >= heapSize) break;
    if (c + 1 < heapSize && less(entryAt(c + 1), entryAt(c))) c++;
    if (!less(entryAt(c), x)) break;
    place(i, entryAt(c));
    i = c;
  }
  place(i, x);
}

/** Adds session s (its key read from the slot). */
export function pushSessionEnd(s: i32, gap: f64): void {
  if (heapSize == heapCap) {
    heapCap = heapCap == 0 ? 1024 : heapCap * 2;
    ends = growRegion(ends, <usize>(heapCap + 1) * ENTRY); // + the scratch entry
  }
  const i = heapSize++;
  store<i32>(entryAt(i), s, 24);
  refreshKey(i, gap);
  siftUp(i);
}

/** Session s's key went down (an event before its start): its entry follows now. */
export function lowerSessionEnd(s: i32, gap: f64): void {
  const i = load<i32>(sessionPtr(s), 8);
  refreshKey(i, gap);
  siftDown(siftUp(i));
}

/** Removes session s's entry (s was merged into another). */
export function removeSessionEnd(s: i32): void {
  const i = load<i32>(sessionPtr(s), 8);
  heapSize--;
  if (i == heapSize) return;
  place(i, entryAt(heapSize));
  siftDown(siftUp(i));
}

/** End of the root entry: ≤ every open session's end (+∞ when none is open). */
// @ts-ignore: decorator
@inline
export function nextSessionEnd(): f64 {
  return heapSize == 0 ? Infinity : load<f64>(ends);
}

/**
 * The open session with the smallest (end, start, seq) if its end is ≤ wm, removed from the heap;
 * else -1. Stale roots met on the way are refreshed.
 */
export function popSessionEndingBy(wm: f64, gap: f64): i32 {
  while (heapSize > 0) {
    const e = ends;
    if (load<f64>(e) > wm) return -1;
    const s = load<i32>(e, 24);
    const p = sessionPtr(s);
    if (load<f64>(e) != load<f64>(p, 24) + gap || load<f64>(e, 8) != load<f64>(p, 16)) {
      refreshKey(0, gap);
      siftDown(0);
      continue;
    }
    heapSize--;
    if (heapSize > 0) {
      place(0, entryAt(heapSize));
      siftDown(0);
    }
    return s;
  }
  return -1;
}

/** The session of entry i, for walks over every open session (i < heapSize). */
export function sessionOfEntry(i: i32): i32 {
  return load<i32>(entryAt(i), 24);
}

/** Heap bytes of the heap. */
export function sessionEndsBytes(): f64 {
  return <f64>(heapCap + 1) * <f64>ENTRY;
}

/** The session slot of heap entry i (0 ≤ i < heapSize), in no particular order: for scans over every open session. */
export function sessionSlotAt(i: i32): i32 {
  return load<i32>(entryAt(i), 24);
}

/**
 * Sets session s's entry to (key, its start, its seq) and moves it where that belongs. For jobs
 * that keep sessions past their end (session-revisions.ts): their keys are set on every change, so
 * never stale — an open session's key is its end, a closed one's its end + allowedLateness.
 */
export function rekeySessionEnd(s: i32, key: f64): void {
  const i = load<i32>(sessionPtr(s), 8);
  const e = entryAt(i);
  const p = sessionPtr(s);
  store<f64>(e, key);
  store<f64>(e, load<f64>(p, 16), 8);
  store<f64>(e, load<f64>(p, 40), 16);
  siftDown(siftUp(i));
}

/** The session of the root entry when its key is ≤ wm (left in the heap), else -1. */
export function sessionDueBy(wm: f64): i32 {
  if (heapSize == 0 || load<f64>(ends) > wm) return -1;
  return load<i32>(ends, 24);
}
