// Where an event goes among its key's sessions: the four rules of DESIGN.md "Session windows"
// (inside one; a bridge; after P; before N; else a new session), shared by the default session path
// (session-windows.ts) and the revising one (session-revisions.ts). They differ only in what they do
// once the place is known — merge bookkeeping, the heap of ends, revisions, when an event is late.

import { sessionPtr, sessionHeadAt } from './session-store';

/** t lies inside placedPrev's range [start, last]. */
export const PLACE_INSIDE: i32 = 0;
/** Within gap of both neighbours and the merge fits maxDuration: P and N merge, then t joins. */
export const PLACE_BRIDGE: i32 = 1;
/** t joins P, after it (P's last becomes t). */
export const PLACE_AFTER: i32 = 2;
/** t joins N, before it (N's start becomes t). */
export const PLACE_BEFORE: i32 = 3;
/** t opens a session of its own between P and N (either may be -1), unless it is late. */
export const PLACE_NEW: i32 = 4;

/** The last placement's P: the last session whose range lies before t (-1: none); for PLACE_INSIDE, the session t is in. */
export let placedPrev: i32 = -1;
/** The last placement's N: the first session whose range lies after t (-1: none). */
export let placedNext: i32 = -1;

/** The place of event t of the key among its sessions (a key's sessions are chained in start order). */
@inline
export function placeInSessions(keyId: i32, t: f64, gap: f64, maxDuration: f64): i32 {
  let prev = -1;
  let next = load<i32>(sessionHeadAt(keyId));
  while (next >= 0) {
    const p = sessionPtr(next);
    if (load<f64>(p, 16) > t) break;
    if (t <= load<f64>(p, 24)) {
      placedPrev = next;
      placedNext = -1;
      return PLACE_INSIDE;
    }
    prev = next;
    next = load<i32>(p, 4);
  }
  placedPrev = prev;
  placedNext = next;
  const pp = prev >= 0 ? sessionPtr(prev) : 0;
  const np = next >= 0 ? sessionPtr(next) : 0;
  const nearP = prev >= 0 && t < load<f64>(pp, 24) + gap;
  const nearN = next >= 0 && load<f64>(np, 16) < t + gap;
  if (nearP && nearN && load<f64>(np, 24) + gap - load<f64>(pp, 16) <= maxDuration) return PLACE_BRIDGE;
  if (nearP && t + gap - load<f64>(pp, 16) <= maxDuration) return PLACE_AFTER;
  if (nearN && load<f64>(np, 24) + gap - t <= maxDuration) return PLACE_BEFORE;
  return PLACE_NEW;
}
