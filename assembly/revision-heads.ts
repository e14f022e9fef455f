// The keys of a revised hopping window's final result, in the order every hopping window gives
// them (by earliest pane in the window, then first arrival there) without visiting the (pane, key)
// slots that are not a key's first: the fast path's head bits (pane-order.ts), on a cursor.
//
// In the fast path a window's first slot of a key is the head of the key's chain, since panes no
// window to come contains are freed. A revising job keeps them for allowedLateness, so here a bit
// is set on the key's first slot at or after the cursor — the start of the next window to be
// final — and the cursor moves with the finals:
//
//   size 3, slide 1, cursor 1:    |p0 |p1 |p2 |p3 |
//   key a                           x   x       x      bit on a@p1
//   key b                               x   x          bit on b@p1
//   cursor → 2 (window [2, 5) final next): a's bit moves to a@p3, b's to b@p2
//
// Early results (windows beyond the next final one) take theirs from lanes of bits of their own
// (early-heads.ts); tumbling windows keep the visiting walk (revision-results.ts); a late or
// `update` result names its key itself.
//
// A revised hopping slot carries the fast path's hopping words (pane-order.ts): its position in its
// pane's arrival order is the first.

import { appendToPane, setHead, setHeadIn, hopOff, headsOfRow, nextHead } from './pane-order';
import { slotPtr } from './slot-pool';
import { windowAt, winCount, windowStartAt } from './window-registry';
import { createdSlotPrev } from './window-store';
import { earlyLanes, noteEarlySlot } from './early-heads';

/** Windows starting before the cursor have had their final result. */
let cursor: f64 = -Infinity;

/** The cursor: every key's row-0 bit is on its first slot at or after it. */
export function headCursor(): f64 {
  return cursor;
}

/** Registry index of the first pane starting at or after `from` (winCount when none). */
export function firstPaneFrom(from: f64): i32 {
  let lo = 0;
  let hi = winCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (windowStartAt(mid) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Slot s was just created by `slotFor` for keyId in pane `win` (registry index). */
export function noteRevisedSlot(s: i32, win: i32, keyId: i32): void {
  const w = windowAt(win);
  const pos = appendToPane(w, s);
  const p = slotPtr(s);
  store<i32>(p + hopOff(), pos);
  const prev = createdSlotPrev(keyId);
  if (earlyLanes > 0) noteEarlySlot(s, w, pos, load<f64>(p, 16), prev >= 0 ? load<f64>(slotPtr(prev), 16) : -Infinity);
  if (load<f64>(p, 16) < cursor) return;
  if (prev >= 0 && load<f64>(slotPtr(prev), 16) >= cursor) return;
  setHead(w, pos, true);
  // It went ahead of the key's first slot at or after the cursor: that one is first no more.
  const old = load<i32>(p, 4);
  if (old >= 0) {
    const q = slotPtr(old);
    setHead(windowAt(firstPaneFrom(load<f64>(q, 16))), load<i32>(q + hopOff()), false);
  }
}

/** Moves the cursor to `to` (never back): each key's bit goes to its first slot at or after it. */
export function advanceHeadCursor(to: f64): void {
  if (to <= cursor) return;
  moveHeadRow(0, cursor, to);
  cursor = to;
}

/**
 * Moves head-bit row `row` (0: the cursor's; 1 + k: early lane k's, early-heads.ts) from position
 * `from` to `to` > from: each key's bit in the panes before `to` goes to its first slot at or after it.
 */
export function moveHeadRow(row: i32, from: f64, to: f64): void {
  let hint = -1;
  for (let w = firstPaneFrom(from); w < winCount && windowStartAt(w) < to; w++) {
    headsOfRow(windowAt(w), true, row);
    for (let s = nextHead(); s >= 0; s = nextHead()) {
      let n = load<i32>(slotPtr(s), 4);
      while (n >= 0 && load<f64>(slotPtr(n), 16) < to) n = load<i32>(slotPtr(n), 4);
      if (n < 0) continue;
      const np = slotPtr(n);
      const start = load<f64>(np, 16);
      if (hint < 0 || hint >= winCount || windowStartAt(hint) != start) hint = firstPaneFrom(start);
      setHeadIn(windowAt(hint), row, load<i32>(np + hopOff()), true);
    }
  }
}
