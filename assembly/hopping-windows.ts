// Hopping windows by panes (window slicing, as in Flink and Arroyo): events fold into slide-sized
// panes; the window [e − size, e) is the merge of the panes inside it, built when the watermark
// passes e. So an event costs what it costs in a tumbling window, and a window costs size/slide
// merges per key.
//
//   size 30, slide 10:   |p0   |p10  |p20  |p30  |
//   window [0, 30)   =    p0 ⊕ p10 ⊕ p20
//   window [10, 40)  =          p10 ⊕ p20 ⊕ p30        p0 is freed once [0, 30) is out
//
// Within a window, keys come in order of their earliest pane there, then of first arrival in that
// pane. Pane ends lie on the slide grid, so window ends do too; the loop jumps over gaps in event
// time (to the next pane's first window) instead of stepping through empty windows.

import { RESULT_HEADER_F64 } from './layout';
import { initAccs, mergeAccs, freeSketches } from './accumulators';
import { growRegion } from './heap-region';
import { windowSizeMs, paneMs } from './window-kind';
import { winCount, windowStartAt, firstSlotAt, slotPtr, releaseHeadSlot, dropFirstWindows } from './window-store';
import { nextResult } from './window-results';

let lastEmittedEnd: f64 = -Infinity;

// Per key: the end of the window it was last emitted in, so a key is emitted once per window.
let stamps: usize = 0;
let stampCap: i32 = 0;

function stampAt(keyId: i32): usize {
  if (keyId >= stampCap) {
    let cap = stampCap == 0 ? 1024 : stampCap * 2;
    while (cap <= keyId) cap *= 2;
    stamps = growRegion(stamps, <usize>cap << 3);
    for (let k = stampCap; k < cap; k++) store<f64>(stamps + (<usize>k << 3), NaN);
    stampCap = cap;
  }
  return stamps + (<usize>keyId << 3);
}

/** End of the next window that could close, or +∞ when no pane is open. */
export function nextHoppingEnd(): f64 {
  if (winCount == 0) return Infinity;
  return max(lastEmittedEnd + paneMs, windowStartAt(0) + paneMs);
}

/** Emits every hopping window whose end is ≤ wm, in end order, freeing panes no window needs. */
export function closeHoppingUpTo(wm: f64): void {
  while (winCount > 0) {
    let e = nextHoppingEnd();
    // The first pane that can be in [e − size, e); earlier ones are past every window left.
    let i = 0;
    while (i < winCount && windowStartAt(i) < e - windowSizeMs) i++;
    if (i == winCount) break;
    if (windowStartAt(i) >= e) e = windowStartAt(i) + paneMs;
    if (e > wm) break;
    emitWindow(e, i);
    lastEmittedEnd = e;
    freePanesBefore(e - windowSizeMs + paneMs);
  }
}

function emitWindow(end: f64, firstPane: i32): void {
  const start = end - windowSizeMs;
  for (let w = firstPane; w < winCount && windowStartAt(w) < end; w++) {
    let s = firstSlotAt(w);
    while (s >= 0) {
      const p = slotPtr(s);
      const keyId = load<i32>(p);
      const stamp = stampAt(keyId);
      if (load<f64>(stamp) != end) {
        store<f64>(stamp, end);
        emitKey(keyId, start, end, s);
      }
      s = load<i32>(p, 8);
    }
  }
}

/** One result: fresh accumulator words, then the key's panes from `from` onwards merged in, in start order. */
function emitKey(keyId: i32, start: f64, end: f64, from: i32): void {
  const r = nextResult();
  const acc = r + (<usize>RESULT_HEADER_F64 << 3);
  initAccs(acc);
  let n: f64 = 0;
  let s = from;
  while (s >= 0) {
    const p = slotPtr(s);
    if (load<f64>(p, 16) >= end) break;
    const count = load<f64>(p, 24);
    mergeAccs(acc, p + 32, n, count);
    n += count;
    s = load<i32>(p, 4);
  }
  store<f64>(r, <f64>keyId);
  store<f64>(r, start, 8);
  store<f64>(r, end, 16);
  store<f64>(r, n, 24);

}

/** Frees panes starting before `firstNeeded`: no window still to come contains them. */
function freePanesBefore(firstNeeded: f64): void {
  let w = 0;
  while (w < winCount && windowStartAt(w) < firstNeeded) {
    let s = firstSlotAt(w);
    while (s >= 0) {
      const p = slotPtr(s);
      const next = load<i32>(p, 8);
      freeSketches(p + 32);
      releaseHeadSlot(s);
      s = next;
    }
    w++;
  }
  dropFirstWindows(w);
}
