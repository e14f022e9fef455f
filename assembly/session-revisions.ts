// Session windows kept past their end: allowed lateness and emit 'update' / early (DESIGN.md, "Session
// windows", "Late sessions and revisions"). With the defaults session-windows.ts runs instead, which
// frees a session at its final result. The rules, written plainly: src/reference/session-revision-reference.ts.
//
//   gap 10, allowedLateness 20, ooo 0:   a@40 a@52 → [40,50) final rev 0, kept until wm ≥ 70
//   a@45 joins the kept session → [40,55) late rev 1 (open again: 55 > 52) → final rev 2 at wm 55
//   with emit 'update': a late event bridging [10,20) (final) and [25,35) (open, with an update
//   result) → [10,35) late, supersedes 25
//
// Per event: its session by the four rules over every kept session (closed ones too); it is late
// only when it would open [t, t + gap) with t + gap + allowedLateness ≤ watermark. Folded in, the
// clock moves, finals of open sessions whose end ≤ watermark (by end, start, opening order: the
// heap of ends, whose key is a closed session's end + allowedLateness), closed sessions past that
// freed; early firings (session-firing.ts); then the event's own result: `late` when its session
// is closed or finalized, `update` with emit 'update'. Each result carries its revision (1 + the
// highest among its parts' last results) and the one start it supersedes (NaN for none): a session
// with results writes one at every event that merges or moves it, so at most one part's last
// result has another start (the later session of a bridge, or the old start of a session an event
// moved).
//
// Replay (DESIGN.md, "Recovery by replay"): the replay position's clock and the anchors, as for
// every session job; the results caused by replayed rows are counted, not written (mutedBefore).

import { STATUS_OK, RESULT_HEADER_F64, EMIT_FINAL, EMIT_EARLY, EMIT_UPDATE, EMIT_LATE } from './layout';
import { statusCol, keyIdCol, timeCol } from './batch-columns';
import { accWords, hasSketches, freeSketches, copyWords, initSketchAccs } from './accumulators';
import { mergeSketchAccs } from './accumulator-merges';
import { watermark, observeEventTime, advanceToEnd, advanceIdle } from './watermark';
import { resetResults, pushLate, resultCount, nextResult, enableResultTags, writeResultHeader } from './window-results';
import { SESSION_ACC, sessionPtr, openSession, dropSession, sessionBefore, foldRowIntoSession, absorbSession, reserveSessionRevisions, sessionRevisionPtr } from './session-store';
import { pushSessionEnd, removeSessionEnd, rekeySessionEnd, sessionDueBy } from './session-ends';
import { earlyMs, configureEarlyFiring, noteStart, sessionsFiring, firingAt } from './session-firing';
import { sessionGap, sessionMaxDuration } from './session-windows';
import { mutedBefore } from './window-revisions';
import { refuseNewSlot, noteSlotOpened, noteSlotClosed } from './state-limits';
import { placeInSessions, placedPrev, placedNext, PLACE_INSIDE, PLACE_BRIDGE, PLACE_AFTER, PLACE_BEFORE } from './session-placement';

/** Flags of a session slot (offset 12). */
const CLOSED: i32 = 1;
const FINALIZED: i32 = 2;
/** Result tag words: supersedes, emit kind, revision (kind and revision last, as window-revisions.ts writes them). */
const TAG_WORDS: i32 = 3;
const REFUSED: i32 = -2;

/** Whether the job keeps sessions past their end (configureSessionRevisions was called). */
export let sessionRevising: bool = false;
let lateness: f64 = 0;
let update: bool = false;
let refusedStatus: u8 = 0;
let currentRow: i32 = 0;
/** The start a bridge's later session last had a result at (NaN for none): the event's result supersedes it. */
let mergedWritten: f64 = NaN;

/**
 * Keeps sessions until watermark ≥ end + latenessMs; `updates`: a result after every event;
 * `earlyIntervalMs` > 0: early results every that much event time. Before the first event.
 */
export function configureSessionRevisions(latenessMs: f64, updates: bool, earlyIntervalMs: f64): void {
  assert(latenessMs >= 0 && earlyIntervalMs >= 0 && !(updates && earlyIntervalMs > 0));
  sessionRevising = true;
  lateness = latenessMs;
  update = updates;
  configureEarlyFiring(earlyIntervalMs);
  reserveSessionRevisions();
  enableResultTags(TAG_WORDS);
}

/**
 * Session s was opened again from an anchor (session-anchors.ts) under the replay position's clock:
 * one already past its end there had its final, and waits for end + allowedLateness as it did.
 */
export function anchoredSessionRestored(s: i32): void {
  const p = sessionPtr(s);
  const end = load<f64>(p, 24) + sessionGap();
  if (end > watermark) {
    noteStart(load<f64>(p, 16));
    return;
  }
  store<i32>(p, CLOSED | FINALIZED, 12);
  rekeySessionEnd(s, end + lateness);
}

/** Processes rows [0, n); with `drain` set, end of input follows the batch. Returns results emitted. */
export function processSessionRevisionBatch(n: i32, drain: bool): i32 {
  resetResults();
  const gap = sessionGap();
  for (let i = 0; i < n; i++) {
    if (load<u8>(statusCol + i) != STATUS_OK) continue;
    currentRow = i;
    const t = load<f64>(timeCol + (<usize>i << 3));
    const keyId = load<i32>(keyIdCol + (<usize>i << 2));
    mergedWritten = NaN;
    const w0 = watermark;
    const s = keptSessionFor(keyId, t, gap);
    if (s == REFUSED) {
      store<u8>(statusCol + i, refusedStatus);
      continue;
    }
    if (s < 0) {
      pushLate(i, t, t + gap, watermark);
      continue;
    }
    const p = foldRowIntoSession(s, i, t);
    // Its end at or before the watermark: past its final, whether it had one or not. This event
    // cannot move the watermark to its end (end > t), so closed or open stays true after the move.
    const end = load<f64>(p, 24) + gap;
    const closed = end <= watermark;
    let flags = load<i32>(p, 12);
    flags = closed ? flags | CLOSED : flags & ~CLOSED;
    store<i32>(p, flags, 12);
    rekeySessionEnd(s, closed ? end + lateness : end);
    observeEventTime(t);
    closeDue(watermark, gap);
    if (earlyMs > 0) fireEarly(w0, watermark, flags == 0 && supersedesAStart(s, mergedWritten) ? s : -1, gap);
    if ((flags & (CLOSED | FINALIZED)) != 0) {
      store<i32>(p, flags | FINALIZED, 12);
      emitSession(s, EMIT_LATE, gap, mergedWritten);
    } else if (update) {
      emitSession(s, EMIT_UPDATE, gap, mergedWritten);
    }
  }
  currentRow = n;
  const w0 = watermark;
  if (drain) advanceToEnd();
  closeDue(watermark, gap);
  if (earlyMs > 0) fireEarly(w0, watermark, -1, gap);
  return resultCount;
}

/** Advances an idle partition's watermark by `elapsedMs`. Returns results emitted. */
export function processSessionRevisionIdle(elapsedMs: f64): i32 {
  resetResults();
  currentRow = i32.MAX_VALUE; // nothing an idle advance causes was written before
  const w0 = watermark;
  advanceIdle(elapsedMs);
  closeDue(watermark, sessionGap());
  if (earlyMs > 0) fireEarly(w0, watermark, -1, sessionGap());
  return resultCount;
}

/**
 * session-windows.ts's sessionFor over every kept session, late only when a new session would end
 * allowedLateness or more before the watermark. -1: late; REFUSED: a state limit refused it.
 */
function keptSessionFor(keyId: i32, t: f64, gap: f64): i32 {
  const place = placeInSessions(keyId, t, gap, sessionMaxDuration());
  const prev = placedPrev;
  const next = placedNext;
  if (place == PLACE_INSIDE) return prev;
  if (place == PLACE_BRIDGE) {
    mergeKept(prev, next);
    return prev;
  }
  if (place == PLACE_AFTER) {
    store<f64>(sessionPtr(prev), t, 24);
    return prev;
  }
  if (place == PLACE_BEFORE) {
    store<f64>(sessionPtr(next), t, 16);
    noteStart(t);
    return next;
  }
  if (t + gap + lateness <= watermark) return -1;
  refusedStatus = refuseNewSlot(keyId);
  if (refusedStatus != 0) return REFUSED;
  const s = openSession(keyId, t, prev, next);
  noteSlotOpened(keyId);
  pushSessionEnd(s, gap);
  noteStart(t);
  return s;
}

/** P ⊕ N as in session-windows.ts, and their revision state: the higher revision, either's FINALIZED. */
function mergeKept(prev: i32, next: i32): void {
  absorbSession(prev, next);
  const pp = sessionPtr(prev);
  const np = sessionPtr(next);
  store<i32>(pp, load<i32>(pp, 12) | (load<i32>(np, 12) & FINALIZED), 12);
  const rp = sessionRevisionPtr(prev);
  const rn = sessionRevisionPtr(next);
  if (load<f64>(rn) > load<f64>(rp)) store<f64>(rp, load<f64>(rn));
  mergedWritten = load<f64>(rn, 8);
  removeSessionEnd(next);
  dropSession(next, prev);
  noteSlotClosed(load<i32>(pp));
}

/** Finals of open sessions whose end ≤ wm, by (end, start, seq); closed sessions whose end + allowedLateness ≤ wm freed. */
function closeDue(wm: f64, gap: f64): void {
  for (;;) {
    const s = sessionDueBy(wm);
    if (s < 0) return;
    const p = sessionPtr(s);
    const flags = load<i32>(p, 12);
    if ((flags & CLOSED) == 0) {
      store<i32>(p, flags | CLOSED | FINALIZED, 12);
      emitSession(s, EMIT_FINAL, gap, NaN);
      rekeySessionEnd(s, load<f64>(p, 24) + gap + lateness);
      continue;
    }
    removeSessionEnd(s);
    if (hasSketches()) freeSketches(p + SESSION_ACC);
    noteSlotClosed(load<i32>(p));
    dropSession(s, sessionBefore(s));
  }
}

/** A result of session s: its revision, and the start it supersedes (its own last result's, or `merged`: a bridged session's). Counted, not written, when a replayed row caused it. */
function emitSession(s: i32, kind: i32, gap: f64, merged: f64): void {
  const p = sessionPtr(s);
  const rv = sessionRevisionPtr(s);
  const start = load<f64>(p, 16);
  const revision = load<f64>(rv) + 1;
  // At most one of the two is another start than its own (see the head of this file).
  const written = load<f64>(rv, 8);
  let supersedes: f64 = NaN;
  if (!isNaN(written) && written != start) supersedes = written;
  else if (!isNaN(merged) && merged != start) supersedes = merged;
  store<f64>(rv, revision);
  store<f64>(rv, start, 8);
  if (currentRow < mutedBefore) return;
  const r = nextResult();
  const acc = r + (<usize>RESULT_HEADER_F64 << 3);
  writeResultHeader(r, load<i32>(p), start, load<f64>(p, 24) + gap, load<f64>(p, 32));
  copyWords(acc, p + SESSION_ACC, accWords);
  if (hasSketches()) {
    // The session lives on: the result owns fresh sketches with the session's merged in.
    initSketchAccs(acc);
    mergeSketchAccs(acc, p + SESSION_ACC, load<f64>(p, 32));
  }
  const tags = acc + (<usize>accWords << 3);
  store<f64>(tags, supersedes);
  store<f64>(tags, <f64>kind, 8);
  store<f64>(tags, revision, 16);
}

/** Whether session s's next result would supersede a start: its own last result's, or `merged` (a bridged session's). */
function supersedesAStart(s: i32, merged: f64): bool {
  const start = load<f64>(sessionPtr(s), 16);
  const written = load<f64>(sessionRevisionPtr(s), 8);
  return (!isNaN(written) && written != start) || (!isNaN(merged) && merged != start);
}

/**
 * `early` results for the watermark's move from w0 to w1 (after its finals) and for session `extra`
 * (-1: none; an event merged or moved it and it has results: it writes one at once, so that its
 * result supersedes at most one start), each once, by (end, start, seq).
 */
function fireEarly(w0: f64, w1: f64, extra: i32, gap: f64): void {
  const n = sessionsFiring(w0, w1, extra, gap);
  for (let j = 0; j < n; j++) {
    const s = firingAt(j);
    emitSession(s, EMIT_EARLY, gap, s == extra ? mergedWritten : NaN);
  }
}
