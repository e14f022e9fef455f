// A hopping window's words from its key's panes in O(1) merges per result: sliding aggregation by
// blocks (van Herk / Gil-Werman). The blocks are the tumbling windows of the same size and offset;
// a hopping window [e − size, e) holds exactly one block start G, which cuts it into a tail
// [e − size, G) (the end of one block) and a head [G, e) (the start of the next):
//
//   size 4, slide 1:   block [0, 4)        block [4, 8)
//                      |p0 |p1 |p2 |p3 |p4 |p5 |p6 |p7 |
//   window [2, 6)  =           p2 ⊕ (p3)  ⊕  (p4 ⊕ p5)         tail: right fold, head: left fold
//   window [4, 8)  =                          ((p4 ⊕ p5) ⊕ p6) ⊕ p7   (G = start: no tail)
//
// The tail is the right fold of its panes (each merged with the fold of the panes after it), the
// head the left fold; the window is tail ⊕ head. That association is the semantics
// (window-reference.ts computes it from the panes directly): sums and moments are not associative
// in floating point, so any other grouping would give other last bits.
//
// Per key: the head's fold so far (a prefix, extended by the panes each window brings in: one
// merge per pane) and, on each slot of the tail, the fold from it to the block's end (a suffix,
// computed once per block: one merge per pane). A result is then one merge.
//
// These are the pool slots' folds, which a revising job (allowedLateness, early, update) keeps
// valid by its own rules (revision-folds.ts); a job that revises nothing keeps its panes as
// arrays of entries and folds them pane by pane (pane-entry-folds.ts: the same merges, in the same
// order, so the same words).
//
// A block's suffixes are computed for every key at once, pane by pane from the block's end
// (foldPaneSuffixes), not key by key down each key's chain: a chain's slots are scattered over the
// pool, and walking one is a dependent cache miss per slot, where a pane's slots are independent
// loads the CPU overlaps. Same merges, same order per key, so the same words.
//
// Per key, a row (revision-folds.ts reads it its own way):
//   0  block       f64   the head's block start G the prefix is for (NaN: none yet)
//   8  foldedTo    f64   end of the last window the prefix was extended to
//   16 lastFolded  i32   last slot in the prefix (-1: none)
//   32 prefixCount f64
//   48 prefix      f64 × accWords
//
// Sketch words are not folded here: a result's sketches are merged from the panes' (revision-results.ts).

import { noteLatestTail } from './revision-folds';
import { accWords, copyWords } from './accumulators';
import { mergeScalarAccs, combineScalarAccs } from './accumulator-merges';
import { growRegion } from './heap-region';
import { slotPtr } from './slot-pool';
import { winCount, windowAt } from './window-registry';
import { hopOff, paneCount, paneOrder } from './pane-order';

const PREFIX: usize = 48;

let keys: usize = 0;
let keyCap: i32 = 0;
let stack: usize = 0; // i32 slots of a tail, while its suffixes are computed
let stackCap: i32 = 0;

// @ts-ignore: decorator
@inline
function keyStride(): usize {
  return rowBytes() * <usize>rowsPerKey;
}

// @ts-ignore: decorator
@inline
function rowBytes(): usize {
  return PREFIX + (<usize>accWords << 3);
}

/** Rows of folds per key: 1, or 2 when a revising job keeps a second set (revision-folds.ts). */
let rowsPerKey: i32 = 1;

/** Gives every key `n` rows of folds; before the first key. */
export function setFoldRowsPerKey(n: i32): void {
  assert(keyCap == 0 && n >= 1);
  rowsPerKey = n;
}

/** The key's row r of folds (revision-folds.ts reads them its own way). */
// @ts-ignore: decorator
@inline
export function keyRow(keyId: i32, r: i32): usize {
  if (keyId >= keyCap) growKeys(keyId);
  return keys + <usize>keyId * keyStride() + <usize>r * rowBytes();
}

function growKeys(keyId: i32): void {
  let cap = keyCap == 0 ? 1024 : keyCap * 2;
  while (cap <= keyId) cap *= 2;
  keys = growRegion(keys, <usize>cap * keyStride());
  for (let k = keyCap * rowsPerKey; k < cap * rowsPerKey; k++) {
    const ks = keys + <usize>k * rowBytes();
    store<f64>(ks, NaN);
    store<f64>(ks, -Infinity, 8);
    store<i32>(ks, -1, 16);
    store<f64>(ks, 0, 32);
  }
  keyCap = cap;
}

/** Heap bytes of the per-key folds. */
export function paneBlockBytes(): f64 {
  return <f64>keyCap * <f64>keyStride() + <f64>stackCap * 4;
}

/**
 * The suffix, on the slot, of every open slot in the panes from registry index `first` up to G,
 * pane by pane from the last one back, so a slot's successor in its key's chain (the pane after,
 * if before G) already holds its suffix. Each key's last slot before G goes to the revising path's
 * suffix entry for G, valid from `since` (revision-folds.ts foldLatestTails).
 */
export function foldPaneSuffixes(first: i32, G: f64, since: f64): void {
  let last = first;
  while (last < winCount && load<f64>(windowAt(last)) < G) last++;
  const hop = hopOff();
  for (let w = last - 1; w >= first; w--) {
    const pane = windowAt(w);
    const order = paneOrder(pane);
    const n = paneCount(pane);
    for (let i = 0; i < n; i++) {
      const s = load<i32>(order + (<usize>i << 2));
      const p = slotPtr(s);
      const h = p + hop;
      const c = load<f64>(p, 24);
      const next = load<i32>(p, 4);
      let nAfter: f64 = 0;
      if (next >= 0 && load<f64>(slotPtr(next), 16) < G) {
        const a = slotPtr(next) + hop;
        nAfter = load<f64>(a, 8);
        combineScalarAccs(h + 16, p + 32, a + 16, c, nAfter, accWords);
      } else {
        copyWords(h + 16, p + 32, accWords);
        // The key's last slot in the tail.
        noteLatestTail(load<i32>(p), G, since, s);
      }
      store<f64>(h, c + nAfter, 8);
      store<i32>(h, 1, 4);
    }
  }
}

/** Folds the key's slots from `s` on that start before e into its prefix. Inlined: once per result. */
// @ts-ignore: decorator
@inline
export function extendPrefix(ks: usize, from: i32, e: f64): void {
  let n = load<f64>(ks, 32);
  let last = load<i32>(ks, 16);
  const prefix = ks + PREFIX;
  let s = from;
  while (s >= 0) {
    const p = slotPtr(s);
    if (load<f64>(p, 16) >= e) break;
    const c = load<f64>(p, 24);
    if (n == 0) copyWords(prefix, p + 32, accWords);
    else mergeScalarAccs(prefix, p + 32, n, c);
    n += c;
    store<i32>(p + hopOff(), 1, 4);
    last = s;
    s = load<i32>(p, 4);
  }
  store<f64>(ks, n, 32);
  store<i32>(ks, last, 16);
  store<f64>(ks, e, 8);
}

/**
 * The suffix of each of the key's slots from `head` on that start before G, on the slot: the fold
 * from it to the last of them, as a right fold. Returns that last slot (-1: none).
 */
export function foldKeyTail(head: i32, G: f64): i32 {
  let top = 0;
  let s = head;
  while (s >= 0 && load<f64>(slotPtr(s), 16) < G) {
    if (top == stackCap) {
      stackCap = stackCap == 0 ? 256 : stackCap * 2;
      stack = growRegion(stack, <usize>stackCap << 2);
    }
    store<i32>(stack + (<usize>top << 2), s);
    top++;
    s = load<i32>(slotPtr(s), 4);
  }
  let after: usize = 0;
  let nAfter: f64 = 0;
  for (let i = top - 1; i >= 0; i--) {
    const p = slotPtr(load<i32>(stack + (<usize>i << 2)));
    const h = p + hopOff();
    const c = load<f64>(p, 24);
    combineScalarAccs(h + 16, p + 32, after + 16, c, nAfter, accWords);
    nAfter += c;
    store<f64>(h, nAfter, 8);
    store<i32>(h, 1, 4);
    after = h;
  }
  return top > 0 ? load<i32>(stack + (<usize>(top - 1) << 2)) : -1;
}
