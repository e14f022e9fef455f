// A revised hopping window's words in O(1) merges per result, amortised (window-revisions.ts): the
// same sliding aggregation by blocks as the fast path's pane-blocks.ts — tail [e − size, G) as a
// right fold of the key's panes, head [G, e) as a left fold, the window tail ⊕ head — with caches
// that survive what revising jobs do and the fast path never sees: results asked for out of end
// order (a late event's windows, early firings of open windows, `update` results), and events into
// panes already folded (late events, within allowedLateness, into windows already emitted).
//
//   size 4, slide 1:   block [0, 4)        block [4, 8)
//                      |p0 |p1 |p2 |p3 |p4 |p5 |p6 |p7 |
//   window [2, 6)  =           p2 ⊕ (p3)  ⊕  (p4 ⊕ p5)
//                          suffix on p2 ┘     └ key's prefix of block 4, up to p5
//
// Without them each result folded its size/slide panes again: hopping(60 s, 1 s) with allowed
// lateness cost 12–15× the fast path, which is what window slicing exists to avoid.
//
// Per key:
//   0  sufG      f64   block start G whose tail suffixes the key's slots carry (NaN: none)
//   8  sufFrom   f64   start of the earliest slot with such a suffix
//   16 preG      f64   block start of the prefix (NaN: none)
//   24 preLastAt f64   start of the last slot in the prefix (−∞: none yet)
//   32 preCount  f64
//   40 sufLast   i32   the key's last slot before sufG
//   44 preLast   i32   the last slot in the prefix (−1: none yet)
//   48 prefix    f64 × accWords
// Per slot, after the accumulator words: suffix count f64, suffix words f64 × accWords.
//
// An event into a slot (or a new slot) in the tail block [sufG − size, sufG) drops the suffixes;
// one at or before the prefix's last slot, from preG on, drops the prefix; anything after it is
// picked up by the next extension, which walks on from the last slot folded. A prefix that went
// past the window asked for is rebuilt from the block start. Freed slots are never read: a pane is
// freed once every window holding it is past allowedLateness, and every window that can still get
// a result starts after it, so the cached slots it could reach are all live.
//
// Sketch words are not folded (mergeScalarAccs leaves them alone): a result's sketches are merged
// from its panes' own (window-revisions.ts), over whatever words were copied here.

import { accWords, copyWords } from './accumulators';
import { mergeScalarAccs } from './accumulator-merges';
import { growRegion } from './heap-region';
import { windowSizeMs, blockStart } from './window-kind';
import { slotPtr } from './slot-pool';

const PREFIX: usize = 48;

let keys: usize = 0;
let keyCap: i32 = 0;
let stack: usize = 0; // i32 slots of a tail, while its suffixes are computed
let stackCap: i32 = 0;

/** Bytes each slot carries for its suffix. */
export function revisionFoldSlotBytes(): usize {
  return 8 + (<usize>accWords << 3);
}

/** Offset of the suffix words in a slot. */
// @ts-ignore: decorator
@inline
function sufOff(): usize {
  return 32 + (<usize>accWords << 3);
}

// @ts-ignore: decorator
@inline
function keyStride(): usize {
  return PREFIX + (<usize>accWords << 3);
}

// @ts-ignore: decorator
@inline
function keyState(keyId: i32): usize {
  if (keyId >= keyCap) growKeys(keyId);
  return keys + <usize>keyId * keyStride();
}

function growKeys(keyId: i32): void {
  let cap = keyCap == 0 ? 1024 : keyCap * 2;
  while (cap <= keyId) cap *= 2;
  keys = growRegion(keys, <usize>cap * keyStride());
  for (let k = keyCap; k < cap; k++) {
    const ks = keys + <usize>k * keyStride();
    store<f64>(ks, NaN);
    store<f64>(ks, NaN, 16);
  }
  keyCap = cap;
}

/** Heap bytes of the per-key folds. */
export function revisionFoldBytes(): f64 {
  return <f64>keyCap * <f64>keyStride() + <f64>stackCap * 4;
}

/** An event of the key went into its slot of the pane starting at `paneStart` (new or not). */
export function noteRevisedPane(keyId: i32, paneStart: f64): void {
  const ks = keyState(keyId);
  const sufG = load<f64>(ks);
  if (paneStart < sufG && paneStart >= sufG - windowSizeMs) store<f64>(ks, NaN);
  if (paneStart >= load<f64>(ks, 16) && paneStart <= load<f64>(ks, 24)) store<f64>(ks, NaN, 16);
}

/**
 * Writes the scalar words of window [e − size, e) for the key whose earliest slot in it is `head`
 * at `out` and returns its count: the words window-reference.ts's grouping gives.
 */
export function foldRevisedWindow(out: usize, keyId: i32, head: i32, e: f64): f64 {
  const ks = keyState(keyId);
  const G = blockStart(e);
  const hp = slotPtr(head);
  const headStart = load<f64>(hp, 16);
  let from = head; // the first slot at or after G
  let nT: f64 = 0;
  if (headStart < G) {
    if (load<f64>(ks) != G || headStart < load<f64>(ks, 8)) computeSuffixes(ks, head, G);
    nT = load<f64>(hp + sufOff());
    from = load<i32>(slotPtr(load<i32>(ks, 40)), 4);
  }
  if (load<f64>(ks, 16) != G || load<f64>(ks, 24) >= e) {
    store<f64>(ks, G, 16);
    store<f64>(ks, -Infinity, 24);
    store<f64>(ks, 0, 32);
    store<i32>(ks, -1, 44);
  } else {
    const last = load<i32>(ks, 44);
    if (last >= 0) from = load<i32>(slotPtr(last), 4);
  }
  const nH = extendPrefix(ks, from, e);
  if (nT == 0) {
    copyWords(out, ks + PREFIX, accWords);
    return nH;
  }
  copyWords(out, hp + sufOff() + 8, accWords);
  if (nH > 0) mergeScalarAccs(out, ks + PREFIX, nT, nH);
  return nT + nH;
}

/** Folds the key's slots from `s` on that start before e into its prefix; returns the prefix's count. */
function extendPrefix(ks: usize, from: i32, e: f64): f64 {
  let n = load<f64>(ks, 32);
  let last = load<i32>(ks, 44);
  const prefix = ks + PREFIX;
  let s = from;
  while (s >= 0) {
    const p = slotPtr(s);
    if (load<f64>(p, 16) >= e) break;
    const c = load<f64>(p, 24);
    if (n == 0) copyWords(prefix, p + 32, accWords);
    else mergeScalarAccs(prefix, p + 32, n, c);
    n += c;
    last = s;
    s = load<i32>(p, 4);
  }
  store<f64>(ks, n, 32);
  store<i32>(ks, last, 44);
  if (last >= 0) store<f64>(ks, load<f64>(slotPtr(last), 16), 24);
  return n;
}

/** The suffix of every slot of the key from `head` to the last one before G: each a right fold to it. */
function computeSuffixes(ks: usize, head: i32, G: f64): void {
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
  const off = sufOff();
  let after: usize = 0;
  let nAfter: f64 = 0;
  for (let i = top - 1; i >= 0; i--) {
    const p = slotPtr(load<i32>(stack + (<usize>i << 2)));
    const h = p + off;
    const c = load<f64>(p, 24);
    copyWords(h + 8, p + 32, accWords);
    if (nAfter > 0) mergeScalarAccs(h + 8, after + 8, c, nAfter);
    nAfter += c;
    store<f64>(h, nAfter);
    after = h;
  }
  store<f64>(ks, G);
  store<f64>(ks, load<f64>(slotPtr(head), 16), 8);
  store<i32>(ks, load<i32>(stack + (<usize>(top - 1) << 2)), 40);
}
