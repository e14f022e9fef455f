// A hopping window's results for the keys whose earliest open entry is in one pane
// (hopping-windows.ts): one per set head bit, in position order; each the key's count and words
// (the head entry's tail suffix ⊕ the key's head prefix: pane-entry-folds.ts), its sketches, and
// the window's header.
//
// At one event per key per slide this writes one result per event, so the loop holds in locals
// everything it reads more than once: V8 keeps no wasm global in a register, it loads one again at
// every use (and after every store), and spills what an inlined helper's globals push out. The
// oldest open pane's entries all head their keys, so its results walk the entries, not bits
// (pane-handles.ts keeps none there); when that pane starts the window it goes after it, and its
// entries are unlinked from their chains here, while each key's record is at hand (DESIGN.md
// "Hopping windows", tenth session: counted, the fused loop is 8 M instructions cheaper per 1 M
// events than a separate pass).

import { RESULT_HEADER_F64 } from './layout';
import { accWords, hasSketches } from './accumulators';
import { plainCounted, countedSumLanes, countedMinLanes, countedPairKinds } from './accumulator-merges';
import { combineCountedToResult, combinePairs, combineHalfPair, copyPairs } from './counted-blocks';
import { E_NEXT, KEY_FOLDS, sufOff, keyRec, keyRecords, keyRecordBytes, unlinkHead } from './pane-entries';
import { entryStride, handleCount, handleEntries, handleHeadBits, handleHeads, refOf, paneHandleAt, setHeadBit } from './pane-handles';
import { winCount } from './window-registry';
import { growRegion } from './heap-region';
import { rebuildKey, markKeyClean, dirtyKeys, PREFIX } from './pane-entry-folds';
import { writeWindowSketches } from './pane-entry-sketches';
import { reserveResults, resultsWritten, resultStride, writeResultWindow, RESULT_COUNT } from './window-results';

/**
 * The results of window [start, end) for the keys whose head entry is in pane h, which starts at
 * `paneStart` (`oldest`: the oldest open pane); G is the window's block start. `fresh`: both folds
 * were made from the panes in this close, after the last event (the first window of block G), so
 * no key is dirty. Returns whether it unlinked the pane's entries: the pane is then only to be
 * released (hopping-windows.ts' freePanesBefore), and setDeferredHeadBits is due after the window.
 */
export function writePaneResults(h: i32, oldest: bool, paneStart: f64, start: f64, end: f64, G: f64, fresh: bool): bool {
  if (!oldest && handleHeads(h) == 0) return false;
  const n = handleCount(h);
  if (dirtyKeys == 0 && plainCounted() && !hasSketches()) {
    // The oldest pane at the window's start goes once the window is out: unlinked here, on the way.
    const frees = oldest && paneStart == start;
    writePlainResults(h, oldest, frees, n, paneStart < G, start, end, G);
    return frees;
  }
  writeAnyResults(h, oldest, n, paneStart, start, end, G, fresh);
  return false;
}

// Successors whose head bits a window's results set once they are all written: set while the
// window walks its panes, a successor's bit in a later pane would give its key a second result.
let deferred: usize = 0;
let deferredCap: i32 = 0;
let deferredCount: i32 = 0;

function deferHeadBit(ref: i64): void {
  if (deferredCount == deferredCap) {
    deferredCap = deferredCap == 0 ? 256 : deferredCap * 2;
    deferred = growRegion(deferred, <usize>deferredCap << 3);
  }
  store<i64>(deferred + (<usize>deferredCount << 3), ref);
  deferredCount++;
}

/** After a window's results: the head bits of the successors of the entries its results unlinked. */
export function setDeferredHeadBits(): void {
  for (let i = 0; i < deferredCount; i++) {
    const ref = load<i64>(deferred + (<usize>i << 3));
    setHeadBit(<i32>(ref >> 32), <i32>ref, true);
  }
  deferredCount = 0;
}

/** Heap bytes of the deferred head bits' list. */
export function deferredHeadBytes(): f64 {
  return <f64>deferredCap * 8;
}

/**
 * Word wi of pane h's head bits, of its n entries: the oldest open pane's are all heads, its bits
 * are not kept (pane-handles.ts).
 */
// @ts-ignore: decorator
@inline
function headWord(bits: usize, wi: i32, n: i32, oldest: bool): u64 {
  if (!oldest) return load<u64>(bits + (<usize>wi << 3));
  const left = n - (wi << 6);
  return left >= 64 ? ~<u64>0 : (<u64>1 << <u64>left) - 1;
}

/**
 * writePaneResults for the common job: every accumulator a sum, min or max, no sketch, and no key
 * dirty (so none to rebuild or mark clean). `inTail`: the pane is before G.
 */
function writePlainResults(h: i32, oldest: bool, frees: bool, n: i32, inTail: bool, start: f64, end: f64, G: f64): void {
  const first = reserveResults(n); // a result per head bit, at most one per entry
  let r = first;
  const recordBytes = <usize>resultStride() << 3;
  const base = handleEntries(h);
  const stride = entryStride();
  const bits = handleHeadBits(h);
  const keys = keyRecords() + KEY_FOLDS;
  const keyBytes = keyRecordBytes();
  const so = sufOff();
  const words = accWords;
  const sums = countedSumLanes();
  const mins = countedMinLanes();
  const pairBytes = <usize>((words + 1) >> 1) << 4;
  const half = (words & 1) == 0;
  const kinds = countedPairKinds();
  const window = f64x2(start, end);
  if (frees) {
    // Every entry heads its key (the oldest open pane), and goes after this window (freePaneEntries'
    // work, done here while its key's record is at hand; the pane after it is the oldest then).
    const next = winCount > 1 ? paneHandleAt(1) : -1;
    for (let i = 0; i < n; i++) {
      const p = base + <usize>i * stride;
      const keyId = load<i32>(p);
      const rw = keys + <usize>keyId * keyBytes;
      plainResult(r, p, keyId, rw, so, inTail, G, window, pairBytes, half, sums, mins, kinds);
      const successor = load<i64>(p, E_NEXT);
      if (unlinkHead(rw - KEY_FOLDS, keyId, refOf(h, i), successor, next)) deferHeadBit(successor);
      r += recordBytes;
    }
  } else if (oldest) {
    // Every entry of the oldest open pane heads its key: all of them, in order.
    for (let i = 0; i < n; i++) {
      const p = base + <usize>i * stride;
      const keyId = load<i32>(p);
      plainResult(r, p, keyId, keys + <usize>keyId * keyBytes, so, inTail, G, window, pairBytes, half, sums, mins, kinds);
      r += recordBytes;
    }
  } else {
    for (let wi = 0, nw = (n + 63) >>> 6; wi < nw; wi++) {
      let b = load<u64>(bits + (<usize>wi << 3));
      while (b != 0) {
        const p = base + <usize>((wi << 6) | <i32>ctz(b)) * stride;
        const keyId = load<i32>(p);
        plainResult(r, p, keyId, keys + <usize>keyId * keyBytes, so, inTail, G, window, pairBytes, half, sums, mins, kinds);
        b &= b - 1;
        r += recordBytes;
      }
    }
  }
  resultsWritten(<i32>((r - first) / recordBytes));
}

/**
 * One result of writePlainResults, at r, for key keyId (row of folds rw) whose head entry is at p.
 * Its words are writeCounted's with the plan in the caller's locals; one inlined helper for both
 * cost this loop 0.9 M instructions per 1 M events (callgrind), so they stay two.
 */
// @ts-ignore: decorator
@inline
function plainResult(
  r: usize, p: usize, keyId: i32, rw: usize, so: usize, inTail: bool, G: f64, window: v128,
  pairBytes: usize, half: bool, sums: usize, mins: usize, kinds: i32,
): void {
  const out = r + RESULT_COUNT;
  if (!inTail) copyToResult(out, rw + PREFIX, pairBytes, half);
  else if (load<f64>(rw) != G) copyToResult(out, p + so, pairBytes, half);
  else {
    combinePairs(out, p + so, rw + PREFIX, pairBytes, sums, mins, kinds);
    if (half) combineHalfPair(out, p + so, rw + PREFIX, pairBytes, sums, mins);
  }
  // The header: the key, then the window's start and end, one store for both.
  store<f64>(r, <f64>keyId);
  v128.store(r, window, 8);
}

/**
 * writePaneResults for any job: sketches, first, last or moments, dirty keys. The rarer path: it
 * reads the plan where it lies instead of holding it in locals.
 */
function writeAnyResults(h: i32, oldest: bool, n: i32, paneStart: f64, start: f64, end: f64, G: f64, fresh: bool): void {
  let r = reserveResults(n); // a result per head bit, at most one per entry
  const recordBytes = <usize>resultStride() << 3;
  const base = handleEntries(h);
  const bits = handleHeadBits(h);
  const sketches = hasSketches();
  let written = 0;
  for (let wi = 0, nw = (n + 63) >>> 6; wi < nw; wi++) {
    let b = headWord(bits, wi, n, oldest);
    while (b != 0) {
      const pos = (wi << 6) | <i32>ctz(b);
      b &= b - 1;
      const p = base + <usize>pos * entryStride();
      const keyId = load<i32>(p);
      const rw = keyRec(keyId) + KEY_FOLDS;
      if (fresh) markKeyClean(rw);
      else if (load<i32>(rw, 16) != 0) rebuildKey(rw, refOf(h, pos), G, end);
      writeCounted(r + RESULT_COUNT, p, rw, paneStart < G, G);
      if (sketches) writeWindowSketches(r + (<usize>RESULT_HEADER_F64 << 3), keyId, refOf(h, pos), p, paneStart, G, end);
      writeResultWindow(r, keyId, start, end);
      r += recordBytes;
      written++;
    }
  }
  resultsWritten(written);
}

/**
 * A result's count and words at `out` for the key of row rw whose head entry is at p: the head
 * entry's suffix when its pane is in the tail (`inTail`), ⊕ the key's prefix when it has one for G.
 */
function writeCounted(out: usize, p: usize, rw: usize, inTail: bool, G: f64): void {
  const pairBytes = <usize>((accWords + 1) >> 1) << 4;
  const half = (accWords & 1) == 0;
  if (!inTail) copyToResult(out, rw + PREFIX, pairBytes, half);
  else if (load<f64>(rw) != G) copyToResult(out, p + sufOff(), pairBytes, half);
  else combineCountedToResult(out, p + sufOff(), rw + PREFIX, accWords);
}

/** A counted block's count and words into a result record: `pairBytes` by pairs, then one word when `half`. */
// @ts-ignore: decorator
@inline
function copyToResult(to: usize, from: usize, pairBytes: usize, half: bool): void {
  copyPairs(to, from, pairBytes);
  if (half) store<f64>(to + pairBytes, load<f64>(from + pairBytes));
}
