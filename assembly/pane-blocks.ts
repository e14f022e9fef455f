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
// computed once per block when the key's first window of the next block is emitted: one merge per
// pane). A result is then one merge. Panes stay mutable until freed (an event can land in a pane
// after windows containing it closed): an event into a slot already folded, or a new slot before
// the key's folded end, marks the key dirty, and its next result rebuilds both folds from the
// panes (size/slide merges, only when such an event came).
//
// The suffixes of a new block are computed for every key at once, pane by pane from the block's
// end (foldTailSuffixes), not key by key down each key's chain: a chain's slots are scattered over
// the pool, and walking one is a dependent cache miss per slot (65% of a result's time in V8's
// profile at 1 event/key/s), where a pane's slots are independent loads the CPU overlaps. Same
// merges, same order per key, so the same words.
//
// Per key (hopping only):
//   0  block       f64   the head's block start G the folds are for (NaN: none yet)
//   8  foldedTo    f64   end of the last window emitted for the key: its panes before it are folded
//   16 lastFolded  i32   last slot in the prefix (-1: none)
//   20 tailLast    i32   last slot of the tail when the suffixes were computed (-1: none)
//   24 dirty       i32
//   32 prefixCount f64
//   40 suffixBlock f64   G of the last foldTailSuffixes that reached the key (NaN: none)
//   48 prefix      f64 × accWords
//
// Sketch words are not folded here: a result's sketches are merged from the panes' (hopping-windows.ts).
//
// A revising job (allowedLateness, early, update) uses the same suffixes, prefix and key rows with
// its own rules for when they are valid: revision-folds.ts.

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

/** The key's row of folds (a revising job reads it its own way: revision-folds.ts). */
// @ts-ignore: decorator
@inline
export function keyState(keyId: i32): usize {
  if (keyId >= keyCap) growKeys(keyId);
  return keys + <usize>keyId * keyStride();
}

/** The key's row r of folds (0: keyState's). */
// @ts-ignore: decorator
@inline
export function keyRow(keyId: i32, r: i32): usize {
  return keyState(keyId) + <usize>r * rowBytes();
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
    store<i32>(ks, -1, 20);
    store<i32>(ks, 0, 24);
    store<f64>(ks, 0, 32);
    store<f64>(ks, NaN, 40);
  }
  keyCap = cap;
}

/** A slot starting at `start` was created for the key: before its folded end, the folds miss it. */
export function noteNewSlot(keyId: i32, start: f64): void {
  const ks = keyState(keyId);
  if (start < load<f64>(ks, 8)) store<i32>(ks, 1, 24);
}

/** An event landed in a slot of the key whose words are already folded. */
export function noteFoldedUpdate(keyId: i32): void {
  store<i32>(keyState(keyId), 1, 24);
}

/** Heap bytes of the per-key folds. */
export function paneBlockBytes(): f64 {
  return <f64>keyCap * <f64>keyStride() + <f64>stackCap * 4;
}

/**
 * The suffix of every open slot before G, on the slot: the first window of block G is being
 * emitted, and every open pane before G is in its tail (panes before the window are freed). Panes
 * from the last one back, so a slot's successor in its key's chain (the pane after, if in the tail)
 * already holds its suffix: the same merges, in the same order, as `rebuild`'s walk down the chain.
 */
export function foldTailSuffixes(G: f64): void {
  foldPaneSuffixes(0, G, false, 0);
}

/**
 * foldTailSuffixes over the panes from registry index `first` up to G. Each key's last slot in the
 * tail goes to the fast path's key row, or with `revised` to the revising path's suffix entry for
 * G, valid from `since` (revision-folds.ts foldLatestTails).
 */
export function foldPaneSuffixes(first: i32, G: f64, revised: bool, since: f64): void {
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
        if (revised) {
          noteLatestTail(load<i32>(p), G, since, s);
        } else {
          const ks = keyState(load<i32>(p));
          store<i32>(ks, s, 20);
          store<f64>(ks, G, 40);
        }
      }
      store<f64>(h, c + nAfter, 8);
      store<i32>(h, 1, 4);
    }
  }
}

/**
 * Writes the words of window [start, e) for the key whose earliest open slot is `head` (in the
 * window) at `out`, and returns its count. G is the block start in [start, e). `suffixesFresh`:
 * foldTailSuffixes(G) ran in this same close, after the last event, so the suffixes it left are
 * the ones `rebuild` would compute.
 */
export function writeWindowWords(out: usize, keyId: i32, head: i32, e: f64, G: f64, suffixesFresh: bool): f64 {
  const ks = keyState(keyId);
  const hp = slotPtr(head);
  const hasTail = load<f64>(hp, 16) < G;
  if (load<f64>(ks) != G && suffixesFresh && (!hasTail || load<f64>(ks, 40) == G)) {
    startHead(ks, hasTail ? load<i32>(ks, 20) : -1, head, G, e);
  } else if (load<i32>(ks, 24) != 0 || load<f64>(ks) != G) {
    rebuild(ks, head, G, e);
  } else {
    const last = load<i32>(ks, 16);
    // The first slot not yet in the prefix: after the last folded, else after the tail.
    const from = last >= 0 ? load<i32>(slotPtr(last), 4) : hasTail ? load<i32>(slotPtr(load<i32>(ks, 20)), 4) : head;
    extendPrefix(ks, from, e);
  }
  const nL = load<f64>(ks, 32);
  const prefix = ks + PREFIX;
  if (!hasTail) {
    copyWords(out, prefix, accWords);
    return nL;
  }
  const h = hp + hopOff();
  const nR = load<f64>(h, 8);
  combineScalarAccs(out, h + 16, prefix, nR, nL, accWords);
  return nR + nL;
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

/** Both folds from the panes: the tail's suffixes on its slots, the head's prefix on the key. */
function rebuild(ks: usize, head: i32, G: f64, e: f64): void {
  startHead(ks, foldKeyTail(head, G), head, G, e);
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

/** The head's fold from scratch, after the tail (last slot `tailLast`, -1: none) got its suffixes. */
function startHead(ks: usize, tailLast: i32, head: i32, G: f64, e: f64): void {
  store<i32>(ks, tailLast, 20);
  store<f64>(ks, 0, 32);
  store<i32>(ks, -1, 16);
  store<i32>(ks, 0, 24);
  store<f64>(ks, G);
  extendPrefix(ks, tailLast >= 0 ? load<i32>(slotPtr(tailLast), 4) : head, e);
}
