// Session anchors: what a successor needs, besides the input, to replay session windows exactly
// (DESIGN.md, "Session windows replay from anchors"). Whether a replayed event joins, bridges or opens
// a session — and where maxDuration cuts a runaway one, and whether a state limit refuses it — depends
// on the sessions open at the replay position, which began before it. Their words do not matter
// (they all close before the committed position, whose results were written), only their key,
// start and last. So the host takes every open session's (key, start, last) at a batch boundary and
// the checkpoint keeps them for the boundary it names as the replay position; the successor opens
// them again, empty, before it replays.
//
//   maxDuration 30, gap 10:  a@0 … a@20 | R | a@25 a@28 …     first run: a@25 joins [0, …) while it fits
//   without anchors, replay opens [25, …) at a@25: the cut moves.  With the anchor [0, 20]: it does not.

import { growRegion } from './heap-region';
import { heapSize, sessionSlotAt, pushSessionEnd } from './session-ends';
import { sessionPtr, sessionHeadAt, openSession } from './session-store';
import { sessionGap } from './session-windows';
import { noteSlotOpened } from './state-limits';
import { sessionRevising, anchoredSessionRestored } from './session-revisions';

/** f64 per anchor: key id, start, last, opening order. */
export const ANCHOR_F64: i32 = 4;

let anchors: usize = 0;
let anchorCap: i32 = 0;

/** Copies (key id, start, last, opening order) of every open session to the anchor buffer; returns how many. */
export function takeSessionAnchors(): i32 {
  const n = heapSize;
  if (n > anchorCap) {
    anchorCap = max(n, anchorCap * 2);
    anchors = growRegion(anchors, <usize>anchorCap * ANCHOR_F64 * 8);
  }
  for (let i = 0; i < n; i++) {
    const p = sessionPtr(sessionSlotAt(i));
    const a = anchors + (<usize>i * ANCHOR_F64 << 3);
    store<f64>(a, <f64>load<i32>(p));
    store<f64>(a, load<f64>(p, 16), 8);
    store<f64>(a, load<f64>(p, 24), 16);
    store<f64>(a, load<f64>(p, 40), 24);
  }
  return n;
}

export function sessionAnchorsPtr(): usize {
  return anchors;
}

/**
 * Opens an empty session [start, last] of the key (restored in opening order, so the order among
 * the sessions to come is the first run's). It counts toward the state limits like any session. A
 * job keeping sessions past their end keeps one already past it closed (its results are all muted).
 */
export function restoreSessionAnchor(keyId: i32, start: f64, last: f64): void {
  let prev = -1;
  let next = load<i32>(sessionHeadAt(keyId));
  while (next >= 0 && load<f64>(sessionPtr(next), 16) < start) {
    prev = next;
    next = load<i32>(sessionPtr(next), 4);
  }
  const s = openSession(keyId, start, prev, next);
  store<f64>(sessionPtr(s), last, 24);
  noteSlotOpened(keyId);
  pushSessionEnd(s, sessionGap());
  if (sessionRevising) anchoredSessionRestored(s);
}
