// A hopping window's words from pane entries (pane-entries.ts): the same grouping as pane-blocks.ts
// (tail right fold ⊕ head left fold, cut at the block start G), the same merges in the same order,
// so the same bits; but the folds are made pane by pane for every key at once, over arrays read
// front to back, instead of key by key down chains:
//
//   - the head's prefix: each window close folds the panes it brings in (for a window ending at e,
//     the panes in [prefixedTo, e), nearly always the one pane e − slide) into their keys' prefixes;
//   - the tail's suffixes: the first window of a block folds the panes before G, last pane first,
//     each entry with its key's entry folded just before (a later pane: the next in its chain);
//   - a result is then one merge: the head entry's suffix ⊕ the key's prefix.
//
// Panes stay mutable, so the folds are caches: an event into a pane before the last window end
// emitted marks its key dirty, and its next result rebuilds both folds down its chain (as
// pane-blocks.ts' rebuild). At the first window of a block every fold was just made from the
// panes, so no key is dirty there.
//
// Per key, a row of 24 + 8 × W bytes (W: pane-handles.ts' blockWords) in its record (pane-entries.ts,
// from KEY_FOLDS):
//   0  prefixBlock  f64   G of the prefix (NaN: none)
//   8  suffixBlock  f64   G of the suffix pass that last reached the key (NaN: none)
//   16 dirty        i32
//   20 run          u32   while suffixes are folded: the key's entry folded last
//   24 prefix       a counted block: its count, then its words
//   24 + 8W         with quantile or distinct accumulators: the prefix's sketches (pane-entry-sketches.ts)

import { accWords } from './accumulators';
import { plainCounted, countedSumLanes, countedMinLanes, countedPairKinds } from './accumulator-merges';
import { combineCounted, combinePairs, copyPairs } from './counted-blocks';
import { growRegion } from './heap-region';
import { winCount, windowStartAt } from './window-registry';
import { E_COUNT, E_NEXT, KEY_FOLDS, sufOff, keyRec, keyRecords, keyRecordBytes } from './pane-entries';
import { blockWords, entryStride, paneHandleAt, handleCount, handleEntries, refAddr, refStart } from './pane-handles';
import {
  foldSketchCount, foldSketchBytes, initKeySketches, startSuffixSketches, startSuffixSketchesBefore, startPrefixSketches, extendPrefixSketches,
} from './pane-entry-sketches';

/** Offset in a key's row of its prefix block. */
export const PREFIX: usize = 24;

/** Offset in a key's row of its prefix sketches' addresses (pane-entry-sketches.ts), after its prefix block. */
// @ts-ignore: decorator
@inline
export function rowSketchOff(): usize {
  return PREFIX + (<usize>blockWords() << 3);
}

let stack: usize = 0; // u32 entry addresses of a tail, while a dirty key's suffixes are rebuilt
let stackCap: i32 = 0;

/** G of the block the prefix passes are for, and the end up to which its panes are folded. */
let prefixG: f64 = NaN;
let prefixedTo: f64 = -Infinity;

/** Bytes of a key's row of folds (then its prefix sketches' addresses: pane-entry-sketches.ts). */
export function keyFoldBytes(): usize {
  return rowSketchOff() + foldSketchBytes();
}

/** A new key's row: no folds yet. */
export function initKeyFolds(rw: usize): void {
  store<f64>(rw, NaN);
  store<f64>(rw, NaN, 8);
  store<i32>(rw, 0, 16);
  store<u32>(rw, 0, 20);
  initKeySketches(rw);
}

// @ts-ignore: decorator
@inline
function rowOf(keyId: i32): usize {
  return keyRec(keyId) + KEY_FOLDS;
}

/** out = a ⊕ b for counted blocks of `bytes`: by pairs for a plain job (its lane masks given), else by the job's plan. */
// @ts-ignore: decorator
@inline
function combineBlock(out: usize, a: usize, b: usize, bytes: usize, plain: bool, sums: usize, mins: usize): void {
  if (plain) combinePairs(out, a, b, bytes, sums, mins, countedPairKinds());
  else combineCounted(out, a, b, accWords);
}

/**
 * Keys marked dirty now: while none is, a window's results need not look (pane-results.ts). It
 * falls back to 0 at the next window close: a dirty key's event went into an open pane before the
 * last window end, so the next window holds it, and the key's result there rebuilds it.
 */
export let dirtyKeys: i32 = 0;

/** An event landed in a pane that a fold may hold (before the last window end emitted). */
export function markEntryKeyDirty(keyId: i32): void {
  const rw = rowOf(keyId);
  if (load<i32>(rw, 16) != 0) return;
  store<i32>(rw, 1, 16);
  dirtyKeys++;
}

/** The key's folds are made from its panes as they are now (a rebuild, or the passes of a block's first window). */
// @ts-ignore: decorator
@inline
export function markKeyClean(rw: usize): void {
  if (load<i32>(rw, 16) == 0) return;
  store<i32>(rw, 0, 16);
  dirtyKeys--;
}

/** Heap bytes of the folds beside the key records (those are pane-entries.ts'). */
export function entryFoldBytes(): f64 {
  return <f64>stackCap * 4;
}

/**
 * Folds the open panes in [prefixedTo, e) into their keys' prefixes for block G (the panes from G
 * on when the block is new to the prefixes): what window [e − size, e)'s head needs.
 */
export function foldPrefixesUpTo(G: f64, e: f64): void {
  if (G != prefixG) {
    prefixG = G;
    prefixedTo = G;
  }
  let w = winCount;
  while (w > 0 && windowStartAt(w - 1) >= prefixedTo) w--;
  for (; w < winCount; w++) {
    if (windowStartAt(w) >= e) break;
    foldPaneIntoPrefixes(paneHandleAt(w), G);
  }
  if (e > prefixedTo) prefixedTo = e;
}

/**
 * Entry p folded into the key's prefix (row rw) for block G: the prefix starts at p when it is not
 * G's yet. The merge plan comes in the caller's locals (`combineBlock`), `sketches`: the job folds some.
 * Not simpler on purpose: this version reading the plan where it lies (combineCounted) cost the
 * common loop beside it in foldPaneIntoPrefixes 1.9 M instructions per 1 M events (callgrind): V8
 * allocates registers over the whole function.
 */
// @ts-ignore: decorator
@inline
function foldIntoPrefix(rw: usize, p: usize, G: f64, bytes: usize, plain: bool, sums: usize, mins: usize, sketches: bool): void {
  if (load<f64>(rw) != G) {
    copyPairs(rw + PREFIX, p + E_COUNT, bytes);
    store<f64>(rw, G);
    if (sketches) startPrefixSketches(rw, p);
  } else {
    combineBlock(rw + PREFIX, rw + PREFIX, p + E_COUNT, bytes, plain, sums, mins);
    if (sketches) extendPrefixSketches(rw, p);
  }
}

function foldPaneIntoPrefixes(h: i32, G: f64): void {
  const n = handleCount(h);
  const base = handleEntries(h);
  const stride = entryStride();
  const keys = keyRecords() + KEY_FOLDS;
  const keyBytes = keyRecordBytes();
  const bytes = <usize>blockWords() << 3;
  const sums = countedSumLanes();
  const mins = countedMinLanes();
  const kinds = countedPairKinds();
  if (plainCounted() && foldSketchCount == 0) {
    // The common job's loop, without the others' branches (binaryen would fold two inlined copies
    // of one loop back into one with a flag, so it is written out).
    for (let i = 0; i < n; i++) {
      const p = base + <usize>i * stride;
      const rw = keys + <usize>load<i32>(p) * keyBytes;
      if (load<f64>(rw) != G) {
        copyPairs(rw + PREFIX, p + E_COUNT, bytes);
        store<f64>(rw, G);
      } else combinePairs(rw + PREFIX, rw + PREFIX, p + E_COUNT, bytes, sums, mins, kinds);
    }
    return;
  }
  const plain = plainCounted();
  const sketches = foldSketchCount != 0;
  for (let i = 0; i < n; i++) {
    const p = base + <usize>i * stride;
    foldIntoPrefix(keys + <usize>load<i32>(p) * keyBytes, p, G, bytes, plain, sums, mins, sketches);
  }
}

/**
 * The suffix of every open entry before G: the first window of block G is being emitted, and
 * every open pane before G is in its tail. Panes from the last one back, so each key's entry
 * folded just before is its next in the chain: the merges of pane-blocks.ts' foldPaneSuffixes.
 */
export function foldEntrySuffixes(G: f64): void {
  let last = 0;
  while (last < winCount && windowStartAt(last) < G) last++;
  const stride = entryStride();
  const so = sufOff();
  const keys = keyRecords() + KEY_FOLDS;
  const keyBytes = keyRecordBytes();
  const bytes = <usize>blockWords() << 3;
  const plain = plainCounted();
  const sums = countedSumLanes();
  const mins = countedMinLanes();
  const sketches = foldSketchCount != 0;
  const lean = plain && !sketches;
  const kinds = countedPairKinds();
  for (let w = last - 1; w >= 0; w--) {
    const h = paneHandleAt(w);
    const n = handleCount(h);
    const base = handleEntries(h);
    if (lean) {
      // The common job's loop, written out as foldPaneIntoPrefixes' is.
      for (let i = 0; i < n; i++) {
        const p = base + <usize>i * stride;
        const rw = keys + <usize>load<i32>(p) * keyBytes;
        if (load<f64>(rw, 8) == G) combinePairs(p + so, p + E_COUNT, <usize>load<u32>(rw, 20) + so, bytes, sums, mins, kinds);
        else {
          copyPairs(p + so, p + E_COUNT, bytes);
          store<f64>(rw, G, 8);
        }
        store<u32>(rw, <u32>p, 20);
      }
      continue;
    }
    for (let i = 0; i < n; i++) {
      const p = base + <usize>i * stride;
      const rw = keys + <usize>load<i32>(p) * keyBytes;
      if (load<f64>(rw, 8) == G) {
        const next = <usize>load<u32>(rw, 20);
        combineBlock(p + so, p + E_COUNT, next + so, bytes, plain, sums, mins);
        if (sketches) startSuffixSketchesBefore(p, next);
      } else {
        copyPairs(p + so, p + E_COUNT, bytes);
        store<f64>(rw, G, 8);
        if (sketches) startSuffixSketches(p);
      }
      store<u32>(rw, <u32>p, 20);
    }
  }
}

/** Both folds of a dirty key from its chain: the tail's suffixes (a right fold), the prefix up to e. */
export function rebuildKey(rw: usize, head: i64, G: f64, e: f64): void {
  let top = 0;
  let s = head;
  while (s >= 0 && refStart(s) < G) {
    if (top == stackCap) {
      stackCap = stackCap == 0 ? 256 : stackCap * 2;
      stack = growRegion(stack, <usize>stackCap << 2);
    }
    store<u32>(stack + (<usize>top << 2), <u32>refAddr(s));
    top++;
    s = load<i64>(refAddr(s), E_NEXT);
  }
  const so = sufOff();
  const bytes = <usize>blockWords() << 3;
  const plain = plainCounted();
  const sums = countedSumLanes();
  const mins = countedMinLanes();
  const sketches = foldSketchCount != 0;
  for (let i = top - 1; i >= 0; i--) {
    const p = <usize>load<u32>(stack + (<usize>i << 2));
    if (i == top - 1) {
      copyPairs(p + so, p + E_COUNT, bytes);
      if (sketches) startSuffixSketches(p);
    } else {
      const next = <usize>load<u32>(stack + (<usize>(i + 1) << 2));
      combineBlock(p + so, p + E_COUNT, next + so, bytes, plain, sums, mins);
      if (sketches) startSuffixSketchesBefore(p, next);
    }
  }
  store<f64>(rw, G, 8);
  // The head's left fold, from the first entry at or after G; none: no prefix (NaN), and the next
  // pane folded in starts one, as the passes expect.
  store<f64>(rw, NaN);
  while (s >= 0 && refStart(s) < e) {
    const p = refAddr(s);
    foldIntoPrefix(rw, p, G, bytes, plain, sums, mins, sketches);
    s = load<i64>(p, E_NEXT);
  }
  markKeyClean(rw);
}
