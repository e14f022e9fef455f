// A hopping window's results for the keys whose earliest open entry is in one pane
// (hopping-windows.ts): one per set head bit, in position order; each the key's count and words
// (the head entry's tail suffix ⊕ the key's head prefix: pane-entry-folds.ts), its sketches, and
// the window's header.
//
// At one event per key per slide this writes one result per event, so the loop holds in locals
// everything it reads more than once: V8 keeps no wasm global in a register, it loads one again at
// every use (and after every store), and spills what an inlined helper's globals push out.

import { RESULT_HEADER_F64 } from './layout';
import { accWords, hasSketches } from './accumulators';
import { combineCountedToResult, plainCounted, countedSumLanes, countedMinLanes, combinePairs, combineHalfPair, copyPairs } from './accumulator-merges';
import { KEY_FOLDS, sufOff, keyRecords, keyRecordBytes } from './pane-entries';
import { entryStride, handleCount, handleEntries, handleHeadBits, handleHeads, refOf } from './pane-handles';
import { rebuildKey, markKeyClean, dirtyKeys, PREFIX } from './pane-entry-folds';
import { writeWindowSketches } from './pane-entry-sketches';
import { reserveResults, resultsWritten, resultStride, writeResultWindow, RESULT_COUNT } from './window-results';

/**
 * The results of window [start, end) for the keys whose head entry is in pane h, which starts at
 * `paneStart` (`oldest`: the oldest open pane); G is the window's block start. `fresh`: both folds were made from the panes in this
 * close, after the last event (the first window of block G), so no key is dirty.
 */
export function writePaneResults(h: i32, oldest: bool, paneStart: f64, start: f64, end: f64, G: f64, fresh: bool): void {
  if (!oldest && handleHeads(h) == 0) return;
  const n = handleCount(h);
  if (dirtyKeys == 0 && plainCounted() && !hasSketches()) writePlainResults(h, oldest, n, paneStart < G, start, end, G);
  else writeAnyResults(h, oldest, n, paneStart, start, end, G, fresh);
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
function writePlainResults(h: i32, oldest: bool, n: i32, inTail: bool, start: f64, end: f64, G: f64): void {
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
  for (let wi = 0, nw = (n + 63) >>> 6; wi < nw; wi++) {
    let b = headWord(bits, wi, n, oldest);
    while (b != 0) {
      const p = base + <usize>((wi << 6) | <i32>ctz(b)) * stride;
      b &= b - 1;
      const keyId = load<i32>(p);
      const rw = keys + <usize>keyId * keyBytes;
      const out = r + RESULT_COUNT;
      if (!inTail) copyToResult(out, rw + PREFIX, pairBytes, half);
      else if (load<f64>(rw) != G) copyToResult(out, p + so, pairBytes, half);
      else {
        combinePairs(out, p + so, rw + PREFIX, pairBytes, sums, mins);
        if (half) combineHalfPair(out, p + so, rw + PREFIX, pairBytes, sums, mins);
      }
      writeResultWindow(r, keyId, start, end);
      r += recordBytes;
    }
  }
  resultsWritten(<i32>((r - first) / recordBytes));
}

/** writePaneResults for any job: sketches, first, last or moments, dirty keys. */
function writeAnyResults(h: i32, oldest: bool, n: i32, paneStart: f64, start: f64, end: f64, G: f64, fresh: bool): void {
  let r = reserveResults(n); // a result per head bit, at most one per entry
  const recordBytes = <usize>resultStride() << 3;
  const base = handleEntries(h);
  const stride = entryStride();
  const bits = handleHeadBits(h);
  const keys = keyRecords() + KEY_FOLDS;
  const keyBytes = keyRecordBytes();
  const so = sufOff();
  const sketches = hasSketches();
  // The head entry's pane is in the window's tail (before G): its suffix, ⊕ the prefix when the key has one.
  const inTail = paneStart < G;
  const words = accWords;
  const plain = plainCounted();
  const sums = countedSumLanes();
  const mins = countedMinLanes();
  const pairBytes = <usize>((words + 1) >> 1) << 4; // the result's count and words, by pairs
  const half = (words & 1) == 0; // … and the last word alone
  let written = 0;
  for (let wi = 0, nw = (n + 63) >>> 6; wi < nw; wi++) {
    let b = headWord(bits, wi, n, oldest);
    while (b != 0) {
      const pos = (wi << 6) | <i32>ctz(b);
      b &= b - 1;
      const p = base + <usize>pos * stride;
      const keyId = load<i32>(p);
      const rw = keys + <usize>keyId * keyBytes;
      if (fresh) markKeyClean(rw);
      else if (load<i32>(rw, 16) != 0) rebuildKey(rw, refOf(h, pos), G, end);
      const out = r + RESULT_COUNT;
      if (!inTail) copyToResult(out, rw + PREFIX, pairBytes, half);
      else if (load<f64>(rw) != G) copyToResult(out, p + so, pairBytes, half);
      else if (plain) {
        combinePairs(out, p + so, rw + PREFIX, pairBytes, sums, mins);
        if (half) combineHalfPair(out, p + so, rw + PREFIX, pairBytes, sums, mins);
      } else combineCountedToResult(out, p + so, rw + PREFIX, words);
      if (sketches) writeWindowSketches(r + (<usize>RESULT_HEADER_F64 << 3), keyId, refOf(h, pos), p, paneStart, G, end);
      writeResultWindow(r, keyId, start, end);
      r += recordBytes;
      written++;
    }
  }
  resultsWritten(written);
}

/** A counted block's count and words into a result record: `pairBytes` by pairs, then one word when `half`. */
// @ts-ignore: decorator
@inline
function copyToResult(to: usize, from: usize, pairBytes: usize, half: bool): void {
  copyPairs(to, from, pairBytes);
  if (half) store<f64>(to + pairBytes, load<f64>(from + pairBytes));
}
