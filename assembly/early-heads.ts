// The keys of a revised hopping window's early results, in the order every hopping window gives
// them (by earliest pane in the window, then first arrival there), from head bits as the finals'
// (revision-heads.ts), not by visiting every (pane, key) slot of the window.
//
// Finals come in end order, so one cursor serves them. Early results do not: each watermark advance
// fires several windows (size/interval of them, `interval` apart), and the next advance fires the
// windows one slide later. So there are lanes, each a cursor with a row of head bits of its own in
// every pane (pane-order.ts): a lane's bit is on each key's first slot at or after the lane's
// position. An early window [s, e) takes the lane furthest on at or before s and moves it to s;
// from one advance to the next each lane moves one slide, as the final cursor does:
//
//   size 60, interval 10, slide 1:  advance to 100 fires starts 50 60 70 80 90 100 (lanes at 49 … 99)
//                                   advance to 101 fires starts 51 61 … 101: each lane moves 1 pane
//
// A lane no window can use (none at or before s) restarts from the final cursor's bits (a copy of
// row 0 from the cursor on), then moves to s: as costly as the walk once. A lane behind the final
// cursor may have lost keys to freed panes (every freed pane starts before the cursor), so it is
// used only from the cursor on.
//
// The walk this replaced was ~30% of an early(10 s) hopping job's time (300 k events, 1000 keys,
// 6 early results per event): ~60 k slots visited per window for ~1000 keys.

import { setHeadRows, setHeadIn, copyHeadRow, hopOff } from './pane-order';
import { slotPtr } from './slot-pool';
import { windowAt, winCount } from './window-registry';
import { firstPaneFrom, moveHeadRow } from './revision-heads';

/** Lanes (0: the job has no early results on hopping windows). */
export let earlyLanes: i32 = 0;
/** Per lane, its position (f64; NaN: not placed). */
let lanePos: usize = 0;

/** Gives early results `lanes` lanes of head bits; before the first pane. */
export function configureEarlyHeads(lanes: i32): void {
  earlyLanes = lanes;
  setHeadRows(1 + lanes);
  lanePos = heap.alloc(<usize>lanes << 3);
  for (let k = 0; k < lanes; k++) store<f64>(lanePos + (<usize>k << 3), NaN);
}

/**
 * Slot s (at `pos` in pane entry w, starting at `start`) was just created for a key whose slot
 * before it in the chain starts at `prevStart` (−∞: none): in each lane it reaches first, it takes
 * the bit from the key's next slot.
 */
export function noteEarlySlot(s: i32, w: usize, pos: i32, start: f64, prevStart: f64): void {
  let oldPane: usize = 0;
  for (let k = 0; k < earlyLanes; k++) {
    const x = load<f64>(lanePos + (<usize>k << 3));
    if (!(start >= x) || prevStart >= x) continue;
    setHeadIn(w, 1 + k, pos, true);
    const old = load<i32>(slotPtr(s), 4);
    if (old < 0) continue;
    const q = slotPtr(old);
    if (oldPane == 0) oldPane = windowAt(firstPaneFrom(load<f64>(q, 16)));
    setHeadIn(oldPane, 1 + k, load<i32>(q + hopOff()), false);
  }
}

/** The head-bit row (1 + lane) holding early window [s, …)'s keys; `floor` is the final cursor. */
export function earlyRowAt(s: f64, floor: f64): i32 {
  let lane = -1;
  let at = -Infinity;
  for (let k = 0; k < earlyLanes; k++) {
    const x = load<f64>(lanePos + (<usize>k << 3));
    if (x >= floor && x <= s && x > at) {
      lane = k;
      at = x;
    }
  }
  if (lane < 0) {
    // One not placed or behind the cursor, else the one furthest on (all are past s).
    at = -Infinity;
    for (let k = 0; k < earlyLanes; k++) {
      const x = load<f64>(lanePos + (<usize>k << 3));
      if (!(x >= floor)) {
        lane = k;
        break;
      }
      if (x > at) {
        lane = k;
        at = x;
      }
    }
    for (let w = firstPaneFrom(floor); w < winCount; w++) copyHeadRow(windowAt(w), 0, 1 + lane);
    store<f64>(lanePos + (<usize>lane << 3), floor);
  }
  moveLane(lane, s);
  return 1 + lane;
}

/** Moves the lane to `to` (never back): each key's bit goes to its first slot at or after it. */
function moveLane(lane: i32, to: f64): void {
  const at = lanePos + (<usize>lane << 3);
  const from = load<f64>(at);
  if (to <= from) return;
  moveHeadRow(1 + lane, from, to);
  store<f64>(at, to);
}
