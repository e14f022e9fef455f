// Open session windows and their per-key chains. A session slot holds one open session of one key:
//
//   0  keyId    i32
//   4  next     i32   next open session of the same key, ascending start (-1 = none); free-list link
//   8  heapPos  i32   index of its entry in the heap of session ends (session-ends.ts)
//   12 flags    i32   session-revisions.ts only: CLOSED (final written, waits for end + allowedLateness), FINALIZED
//   16 start    f64   first event time
//   24 last     f64   last (largest) event time; the session ends at last + gap
//   32 count    f64
//   40 seq      f64   the order in which sessions were opened: the last tie-break of the output order
//   48 acc      f64 × accWords (every accumulator's words, in job order)
//   then, for a job with allowed lateness or emit 'update' (session-revisions.ts), 16 bytes:
//      revision f64 (of its last result; -1 for none), written f64 (start of its last result; NaN for none)
//
// A key's open sessions cover disjoint, ordered event-time ranges [start, last] (a key usually has
// one), so its chain is sorted by start, by last and by end alike, and the session of a key that
// ends first is its chain's head. A separate pool from slot-pool.ts: a session's start and end
// move (an event before its start, after its last, a merge), so the registry of fixed windows (window-registry.ts) that
// tumbling and hopping windows share does not fit.

import { accWords, initAccs, updateAccs, hasSketches, freeSketches } from './accumulators';
import { mergeAccs } from './accumulator-merges';
import { valuesCol, valueCount, itemPtrCol, itemLenCol, itemCount } from './batch-columns';
import { growRegion } from './heap-region';

export const SESSION_ACC: usize = 48;

let slots: usize = 0;
let slotCap: i32 = 0;
let slotUsed: i32 = 0; // high-water mark
let freeHead: i32 = -1;
let stride: usize = 0; // fixed at the first allocation, once the job's accumulators are known
/** Bytes after the accumulator words: 16 when the job keeps sessions past their end (session-revisions.ts). */
let extraBytes: usize = 0;
export let openSessions: i32 = 0;
let nextSeq: f64 = 0;

let keyHead: usize = 0; // i32 per key id
let keyCap: i32 = 0;

/** Room for a revision and a start after each session's words (session-revisions.ts); before the first session opens. */
export function reserveSessionRevisions(): void {
  extraBytes = 16;
}

/** Address of session s's revision fields (valid after reserveSessionRevisions). */
// @ts-ignore: decorator
@inline
export function sessionRevisionPtr(s: i32): usize {
  return sessionPtr(s) + SESSION_ACC + (<usize>accWords << 3);
}

// @ts-ignore: decorator
@inline
export function sessionPtr(s: i32): usize {
  return slots + <usize>s * stride;
}

// @ts-ignore: decorator
@inline
export function sessionHeadAt(keyId: i32): usize {
  if (keyId >= keyCap) growKeys(keyId);
  return keyHead + (<usize>keyId << 2);
}

function growKeys(keyId: i32): void {
  let cap = keyCap == 0 ? 1024 : keyCap * 2;
  while (cap <= keyId) cap *= 2;
  keyHead = growRegion(keyHead, <usize>cap << 2);
  for (let k = keyCap; k < cap; k++) store<i32>(keyHead + (<usize>k << 2), -1);
  keyCap = cap;
}

/** A new, empty session [t, t] of the key, linked into its chain after `prev` (-1: at the head) and before `next`. */
export function openSession(keyId: i32, t: f64, prev: i32, next: i32): i32 {
  let s: i32;
  if (freeHead >= 0) {
    s = freeHead;
    freeHead = load<i32>(sessionPtr(s), 4);
  } else {
    if (slotUsed == slotCap) {
      if (slotCap == 0) stride = SESSION_ACC + (<usize>accWords << 3) + extraBytes;
      slotCap = slotCap == 0 ? 1024 : slotCap * 2;
      slots = growRegion(slots, <usize>slotCap * stride);
    }
    s = slotUsed++;
  }
  openSessions++;
  const p = sessionPtr(s);
  store<i32>(p, keyId);
  store<i32>(p, next, 4);
  store<i32>(p, -1, 8);
  store<i32>(p, 0, 12);
  store<f64>(p, t, 16);
  store<f64>(p, t, 24);
  store<f64>(p, 0, 32);
  store<f64>(p, nextSeq, 40);
  nextSeq += 1;
  initAccs(p + SESSION_ACC);
  if (extraBytes != 0) {
    const x = p + SESSION_ACC + (<usize>accWords << 3);
    store<f64>(x, -1);
    store<f64>(x, NaN, 8);
  }
  if (prev < 0) store<i32>(sessionHeadAt(keyId), s);
  else store<i32>(sessionPtr(prev), s, 4);
  return s;
}

/**
 * Unlinks session s from its key's chain, `prev` being the session before it (-1: s is the head),
 * and frees its slot. Its sketches must have been handed on or freed.
 */
export function dropSession(s: i32, prev: i32): void {
  const p = sessionPtr(s);
  const next = load<i32>(p, 4);
  if (prev < 0) store<i32>(sessionHeadAt(load<i32>(p)), next);
  else store<i32>(sessionPtr(prev), next, 4);
  store<i32>(p, freeHead, 4);
  freeHead = s;
  openSessions--;
}

/** The session before s in its key's chain, or -1 when s heads it (it nearly always does: see above). */
export function sessionBefore(s: i32): i32 {
  let prev = -1;
  let x = load<i32>(sessionHeadAt(load<i32>(sessionPtr(s))));
  while (x != s) {
    prev = x;
    x = load<i32>(sessionPtr(x), 4);
  }
  return prev;
}

/** Heap bytes of the session pool and key chains (sketches not included). */
export function sessionPoolBytes(): f64 {
  return <f64>slotCap * <f64>stride + <f64>keyCap * 4;
}


/** Row i of the batch, at event time t, folded into session s: its count and words. Returns the session's address. */
@inline
export function foldRowIntoSession(s: i32, i: i32, t: f64): usize {
  const p = sessionPtr(s);
  const count = load<f64>(p, 32) + 1;
  store<f64>(p, count, 32);
  const items = <usize>(i * itemCount) << 2;
  updateAccs(p + SESSION_ACC, valuesCol + (<usize>(i * valueCount) << 3), itemPtrCol + items, itemLenCol + items, t, count);
  return p;
}

/**
 * P ⊕ N for a bridge: the later session's words merged into the earlier one's (mergeAccs; the
 * grouping is part of the result, DESIGN.md "Session windows"), its count added and its last taken,
 * its sketches freed. N stays allocated: the caller removes it from the heap and the pool.
 */
export function absorbSession(prev: i32, next: i32): void {
  const pp = sessionPtr(prev);
  const np = sessionPtr(next);
  const nP = load<f64>(pp, 32);
  const nN = load<f64>(np, 32);
  mergeAccs(pp + SESSION_ACC, np + SESSION_ACC, nP, nN);
  if (hasSketches()) freeSketches(np + SESSION_ACC);
  store<f64>(pp, nP + nN, 32);
  store<f64>(pp, load<f64>(np, 24), 24);
}
