// The results of a revising job's tumbling and hopping windows (window-revisions.ts decides when):
// which keys a window has and in which order, each result's words and its revision.
//
// Keys: a final hopping result takes them from the pane head bits (revision-heads.ts), an early
// one from its lane's (early-heads.ts); tumbling windows walk the window's (pane, key) slots, each
// key once by its stamp.
// Words: a hopping window's from the cached folds (revision-folds.ts); a tumbling window's from its
// one pane (foldWindow, which also writes the grouping out plainly for any window).
//
// Revisions: per key, a ring of (window end, results so far) with room for every window that can
// still get a result — ends in (watermark − allowedLateness, largest event time + size] — so
// ring size = (outOfOrderness + allowedLateness + size) / slide + 1. An entry whose end is not the
// window's is a dead window's, and reads as 0.

import { RESULT_HEADER_F64, MAX_ACC_WORDS, EMIT_FINAL, EMIT_EARLY } from './layout';
import { accWords, copyWords, hasSketches } from './accumulators';
import { mergeScalarAccs } from './accumulator-merges';
import { mergeChainSketches } from './window-store';
import { windowKind, windowSizeMs, paneMs, blockStart, KIND_HOPPING } from './window-kind';
import { slotPtr } from './slot-pool';
import { winCount, windowAt, windowStartAt, firstSlotAt } from './window-registry';
import { nextResult, writeResultHeader } from './window-results';
import { growRegion } from './heap-region';
import { foldRevisedWindow } from './revision-folds';
import { advanceHeadCursor, firstPaneFrom, headCursor } from './revision-heads';
import { headsOf, headsOfRow, nextHead } from './pane-order';
import { earlyRowAt } from './early-heads';

// Per key: a ring of (end f64, results f64), and the emission stamp (f64) that makes each key come
// once per window.
let ring: usize = 0;
let ringSize: i32 = 1;
let stamps: usize = 0;
let keyCap: i32 = 0;
let emission: f64 = 0;

let stack: usize = 0; // i32 slots of one window's key, in start order
let stackCap: i32 = 0;
let scratch: usize = 0; // two accumulator-word buffers: the head fold, and a tail step

/** Ring entries per key, and the fold buffers: once, from configureRevisions. */
export function configureRevisionResults(entriesPerKey: i32): void {
  ringSize = entriesPerKey;
  scratch = heap.alloc(<usize>MAX_ACC_WORDS << 4);
}

/** Heap bytes of the revision rings and stamps. */
export function revisionResultBytes(): f64 {
  return <f64>keyCap * (<f64>ringSize * 16 + 8) + <f64>stackCap * 4;
}

/** One result of window [e − size, e) for each of its keys: by earliest pane in it, then arrival there. */
export function emitWindow(e: f64, kind: i32, muted: bool): void {
  emission += 1;
  for (let w = firstPaneFrom(e - windowSizeMs); w < winCount && windowStartAt(w) < e; w++) {
    let s = firstSlotAt(w);
    while (s >= 0) {
      const keyId = load<i32>(slotPtr(s));
      ensureRevisionKey(keyId);
      const stamp = stamps + (<usize>keyId << 3);
      if (load<f64>(stamp) != emission) {
        store<f64>(stamp, emission);
        emitResult(keyId, s, e, kind, muted);
      }
      s = load<i32>(slotPtr(s), 8);
    }
  }
}

/** The final results of hopping window [e − size, e): its keys from the pane head bits (revision-heads.ts). */
export function emitFinal(e: f64, muted: bool): void {
  advanceHeadCursor(e - windowSizeMs);
  for (let w = firstPaneFrom(e - windowSizeMs); w < winCount && windowStartAt(w) < e; w++) {
    headsOf(windowAt(w), false);
    for (let s = nextHead(); s >= 0; s = nextHead()) {
      const keyId = load<i32>(slotPtr(s));
      ensureRevisionKey(keyId);
      emitResult(keyId, s, e, EMIT_FINAL, muted);
    }
  }
}

/** The early results of hopping window [e − size, e): its keys from a lane's head bits (early-heads.ts). */
export function emitEarly(e: f64, muted: bool): void {
  const s = e - windowSizeMs;
  const row = earlyRowAt(s, headCursor());
  for (let w = firstPaneFrom(s); w < winCount && windowStartAt(w) < e; w++) {
    headsOfRow(windowAt(w), false, row);
    for (let h = nextHead(); h >= 0; h = nextHead()) {
      const keyId = load<i32>(slotPtr(h));
      ensureRevisionKey(keyId);
      emitResult(keyId, h, e, EMIT_EARLY, muted);
    }
  }
}

/**
 * A result of window [e − size, e) for the key whose earliest slot in it is `head`, its revision
 * the results counted before. Counted, not written, when `muted` (caused by a replayed row).
 */
export function emitResult(keyId: i32, head: i32, e: f64, kind: i32, muted: bool): void {
  const entry = ringEntry(keyId, e);
  const revision = load<f64>(entry) == e ? load<f64>(entry, 8) : 0;
  store<f64>(entry, e);
  store<f64>(entry, revision + 1, 8);
  if (muted) return;
  const r = nextResult();
  const acc = r + (<usize>RESULT_HEADER_F64 << 3);
  // A hopping window's folds are cached (revision-folds.ts); a tumbling window is its one pane.
  const n = windowKind == KIND_HOPPING ? foldRevisedWindow(acc, keyId, head, e, kind == EMIT_EARLY) : foldWindow(acc, head, e);
  if (hasSketches()) mergeChainSketches(acc, head, e);
  writeResultHeader(r, keyId, e - windowSizeMs, e, n);
  const tags = acc + (<usize>accWords << 3);
  store<f64>(tags, <f64>kind);
  store<f64>(tags, revision, 8);
}

/**
 * The scalar words of the key's panes from `head` up to e, at `out`: the tail [e − size, G) as a
 * right fold, the head [G, e) as a left fold, then tail ⊕ head (pane-blocks.ts). Returns the count.
 */
function foldWindow(out: usize, head: i32, e: f64): f64 {
  const G = blockStart(e);
  let top = 0;
  let tail = 0;
  let s = head;
  while (s >= 0) {
    const p = slotPtr(s);
    const start = load<f64>(p, 16);
    if (start >= e) break;
    if (top == stackCap) {
      stackCap = stackCap == 0 ? 256 : stackCap * 2;
      stack = growRegion(stack, <usize>stackCap << 2);
    }
    store<i32>(stack + (<usize>top << 2), s);
    top++;
    if (start < G) tail = top;
    s = load<i32>(p, 4);
  }
  const step = scratch + (<usize>MAX_ACC_WORDS << 3);
  let nT: f64 = 0;
  for (let i = tail - 1; i >= 0; i--) {
    const p = slotPtr(load<i32>(stack + (<usize>i << 2)));
    const c = load<f64>(p, 24);
    if (nT == 0) copyWords(out, p + 32, accWords);
    else {
      copyWords(step, p + 32, accWords);
      mergeScalarAccs(step, out, c, nT);
      copyWords(out, step, accWords);
    }
    nT += c;
  }
  let nH: f64 = 0;
  for (let i = tail; i < top; i++) {
    const p = slotPtr(load<i32>(stack + (<usize>i << 2)));
    const c = load<f64>(p, 24);
    if (nH == 0) copyWords(scratch, p + 32, accWords);
    else mergeScalarAccs(scratch, p + 32, nH, c);
    nH += c;
  }
  if (nT == 0) {
    copyWords(out, scratch, accWords);
    return nH;
  }
  if (nH > 0) mergeScalarAccs(out, scratch, nT, nH);
  return nT + nH;
}

/** Room in the rings and stamps for keyId. */
export function ensureRevisionKey(keyId: i32): void {
  if (keyId < keyCap) return;
  let cap = keyCap == 0 ? 1024 : keyCap * 2;
  while (cap <= keyId) cap *= 2;
  const entryBytes = <usize>ringSize << 4;
  ring = growRegion(ring, <usize>cap * entryBytes);
  stamps = growRegion(stamps, <usize>cap << 3);
  for (let k = keyCap; k < cap; k++) {
    store<f64>(stamps + (<usize>k << 3), 0);
    const r = ring + <usize>k * entryBytes;
    for (let j = 0; j < ringSize; j++) store<f64>(r + (<usize>j << 4), NaN);
  }
  keyCap = cap;
}

/** The key's ring entry for window end e (its end field holds another end when e has no results yet). */
// @ts-ignore: decorator
@inline
function ringEntry(keyId: i32, e: f64): usize {
  let j = <i64>Math.floor(e / paneMs) % <i64>ringSize;
  if (j < 0) j += <i64>ringSize;
  return ring + ((<usize>keyId * <usize>ringSize + <usize>j) << 4);
}
