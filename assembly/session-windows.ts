// Session windows per key: a session is [first event time, last event time + gap); an event within
// gap of a session joins it, one that bridges two sessions merges them, and no session grows longer
// than maxDuration (end − start ≤ maxDuration). The rules, written plainly, are in
// src/reference/session-reference.ts and DESIGN.md ("Session windows"); this is their fast form.
//
//   gap 10:   a@0 a@4        a@20           → [0, 14)   [20, 30)
//             then a@12 arrives (out of order): within gap of both, so one session [0, 30)
//
// An event t of a key whose open sessions cover the ranges … [sP, lP]  [sN, lN] … with lP < t < sN
// (P, N: its neighbours; a key usually has one session, and no key's ranges overlap):
//   - inside a range: it joins that session;
//   - within gap of both (t < lP + gap, sN < t + gap) and lN + gap − sP ≤ maxDuration: P ⊕ N, then t;
//   - else within gap of P and t + gap − sP ≤ maxDuration: joins P;
//   - else within gap of N and lN + gap − t ≤ maxDuration: joins N (its start moves to t);
//   - else it opens [t, t + gap) — unless t + gap ≤ watermark: then it is late, and that is the
//     window it missed. An event that joins an open session is never late.
//
// Sessions close when the watermark reaches their end, at the event that moves it there (the
// heap of ends, session-ends.ts), in order of end, then start, then the order they were opened.

import { STATUS_OK, RESULT_HEADER_F64 } from './layout';
import { statusCol, keyIdCol, timeCol } from './batch-columns';
import { accWords, hasSketches, sketchBytes, copyWords } from './accumulators';
import { watermark, observeEventTime, advanceToEnd } from './watermark';
import { resetResults, pushLate, resultCount, nextResult, writeResultHeader } from './window-results';
import { SESSION_ACC, sessionPtr, openSession, dropSession, sessionBefore, foldRowIntoSession, absorbSession, sessionPoolBytes } from './session-store';
import {
  heapSize, pushSessionEnd, lowerSessionEnd, removeSessionEnd, nextSessionEnd, popSessionEndingBy, sessionOfEntry, sessionEndsBytes,
} from './session-ends';

import { refuseNewSlot, noteSlotOpened, noteSlotClosed } from './state-limits';
import { placeInSessions, placedPrev, placedNext, PLACE_INSIDE, PLACE_BRIDGE, PLACE_AFTER, PLACE_BEFORE } from './session-placement';

/** sessionFor's answer when a new session would break a state limit (refusedStatus says which). */
const REFUSED: i32 = -2;
let refusedStatus: u8 = 0;
let gap: f64 = 1;
let maxDuration: f64 = Infinity;

export function sessionGap(): f64 {
  return gap;
}

export function sessionMaxDuration(): f64 {
  return maxDuration;
}

/** gap ≥ 1 ms; maxDuration ≥ gap, +∞ for none. */
export function configureSessions(gapMs: f64, maxDurationMs: f64): void {
  assert(gapMs >= 1 && maxDurationMs >= gapMs);
  gap = gapMs;
  maxDuration = maxDurationMs;
}

/** Processes rows [0, n) into sessions; with `drain` set, end of input follows the batch. Returns results emitted. */
export function processSessionBatch(n: i32, drain: bool): i32 {
  resetResults();
  for (let i = 0; i < n; i++) {
    if (load<u8>(statusCol + i) != STATUS_OK) continue;
    const t = load<f64>(timeCol + (<usize>i << 3));
    const keyId = load<i32>(keyIdCol + (<usize>i << 2));
    const s = sessionFor(keyId, t);
    if (s == REFUSED) {
      store<u8>(statusCol + i, refusedStatus);
      continue;
    }
    if (s < 0) {
      pushLate(i, t, t + gap, watermark);
      continue;
    }
    foldRowIntoSession(s, i, t);
    observeEventTime(t);
    if (watermark >= nextSessionEnd()) closeSessionsUpTo(watermark);
  }
  if (drain) advanceToEnd();
  closeSessionsUpTo(watermark);
  return resultCount;
}

/**
 * The session event t of the key joins, after the merges it causes; -1 when it is late. The
 * session's start and last already include t; its count and words do not yet.
 */
function sessionFor(keyId: i32, t: f64): i32 {
  const place = placeInSessions(keyId, t, gap, maxDuration);
  const prev = placedPrev;
  const next = placedNext;
  if (place == PLACE_INSIDE) return prev;
  if (place == PLACE_BRIDGE) {
    mergeInto(prev, next);
    return prev;
  }
  if (place == PLACE_AFTER) {
    store<f64>(sessionPtr(prev), t, 24); // its end grows: the heap entry may lag (session-ends.ts)
    return prev;
  }
  if (place == PLACE_BEFORE) {
    store<f64>(sessionPtr(next), t, 16);
    lowerSessionEnd(next, gap);
    return next;
  }
  if (t + gap <= watermark) return -1;
  refusedStatus = refuseNewSlot(keyId);
  if (refusedStatus != 0) return REFUSED;
  const s = openSession(keyId, t, prev, next);
  noteSlotOpened(keyId);
  pushSessionEnd(s, gap);
  return s;
}

/** P ⊕ N (absorbSession), N freed. */
function mergeInto(prev: i32, next: i32): void {
  absorbSession(prev, next);
  removeSessionEnd(next);
  dropSession(next, prev);
  noteSlotClosed(load<i32>(sessionPtr(prev)));
}

/** Emits every session whose end is ≤ wm, in order of (end, start, seq), and frees it. */
export function closeSessionsUpTo(wm: f64): void {
  for (;;) {
    const s = popSessionEndingBy(wm, gap);
    if (s < 0) return;
    const p = sessionPtr(s);
    const r = nextResult();
    writeResultHeader(r, load<i32>(p), load<f64>(p, 16), load<f64>(p, 24) + gap, load<f64>(p, 32));
    // The sketches' addresses move to the result, which frees them (window-results.ts).
    copyWords(r + (<usize>RESULT_HEADER_F64 << 3), p + SESSION_ACC, accWords);
    noteSlotClosed(load<i32>(p));
    dropSession(s, sessionBefore(s));
  }
}

/** Heap bytes of session state: the pool, the heap of ends, every open session's sketches. */
export function sessionStateBytes(): f64 {
  let bytes = sessionPoolBytes() + sessionEndsBytes();
  if (hasSketches()) for (let i = 0; i < heapSize; i++) bytes += <f64>sketchBytes(sessionPtr(sessionOfEntry(i)) + SESSION_ACC);
  return bytes;
}
