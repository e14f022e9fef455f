// A revised hopping window's words in O(1) merges per result, amortised (window-revisions.ts): the
// fast path's sliding aggregation by blocks (pane-blocks.ts: tail [e − size, G) as a right fold of
// the key's panes, head [G, e) as a left fold, the window tail ⊕ head), with its suffixes on the
// slots and its prefix per key, kept valid under what revising jobs do and the fast path never
// sees: results asked for out of end order (a late event's windows, `update` results), and events
// into panes already folded (late events, within allowedLateness, into windows already emitted).
//
//   size 4, slide 1:   block [0, 4)        block [4, 8)
//                      |p0 |p1 |p2 |p3 |p4 |p5 |p6 |p7 |
//   window [2, 6)  =           p2 ⊕ (p3)  ⊕  (p4 ⊕ p5)
//                          suffix on p2 ┘     └ key's prefix of block 4, up to p5
//
// Without them each result folded its size/slide panes again: hopping(60 s, 1 s) with allowed
// lateness cost 12–15× the fast path, which is what window slicing exists to avoid.
//
// The suffixes and the prefix are pane-blocks.ts's own (foldKeyTail, extendPrefix), and so is the
// key's row, read here its own way (a revising job never runs the fast path); with early results,
// two more rows of the same layout are theirs, one per block parity:
//   0  preG      f64   block start of the prefix (NaN: none)
//   16 preLast   i32   the last slot in the prefix (-1: none yet)
//   32 preCount  f64
//   48 prefix    f64 × accWords
// (extendPrefix also writes the end it reached at 8, and a folded mark on each slot; unread here.)
// Which slots carry valid suffixes is kept per key and block, for both rows (sufEntry below).
//
// An event into a slot (or a new slot) in the tail block [G − size, G) drops G's suffixes;
// one at or before the prefix's last slot, from preG on, drops the prefix; anything after it is
// picked up by the next extension, which walks on from the last slot folded. A prefix that went
// past the window asked for is rebuilt from the block start. Freed slots are never read: a pane is
// freed once every window holding it is past allowedLateness, and every window that can still get
// a result starts after it, so the cached slots it could reach are all live.
//
// Sketch words are not folded: a result's sketches are merged from its panes' own
// (revision-results.ts), over whatever words were written here.

import { accWords, copyWords } from './accumulators';
import { combineScalarAccs } from './accumulator-merges';
import { windowSizeMs, blockStart, blockNumber } from './window-kind';
import { growRegion } from './heap-region';
import { slotPtr } from './slot-pool';
import { hopOff } from './pane-order';
import { firstPaneFrom } from './revision-heads';
import { keyRow, extendPrefix, foldKeyTail, foldPaneSuffixes, setFoldRowsPerKey } from './pane-blocks';

const PREFIX: usize = 48;

/** The last row of folds per key: 0, or 2 when early results keep rows of their own. */
let lastRow: i32 = 0;

/**
 * Early results get rows of folds of their own, one per block parity. They ask for windows beyond
 * the finals', and a later final asks for a window before the prefix they extended: with one set,
 * each advance rebuilt both (45% of an early hopping job's time). The early windows of one advance
 * end in two blocks, so with one row their prefix went from one block to the other and back at
 * each advance, and was folded again from its block start each time.
 */
export function separateEarlyFolds(): void {
  setFoldRowsPerKey(3);
  lastRow = 2;
}

// The suffixes' validity, per key and tail block, shared by the rows: a slot's suffix is a function
// of its block's slots, whichever row asked for it. Early results ask for windows of two blocks at
// each advance, the finals for one of them: with validity per row, the early row rebuilt both
// blocks' suffixes at each advance, and the finals' were not reused (24% of an early(10 s) job).
// SUF_BLOCKS entries per key, by block number: G f64 (NaN: none), the start of the earliest slot
// with a suffix for G (f64), the key's last slot before G (i32).
const SUF_BLOCKS: i32 = 4;
const SUF_BYTES: usize = 24;
let sufs: usize = 0;
let sufCap: i32 = 0;

/** The key's entry for tail block G (it holds another block's when its G differs). */
// @ts-ignore: decorator
@inline
function sufEntry(keyId: i32, G: f64): usize {
  if (keyId >= sufCap) growSufs(keyId);
  const b = <i32>blockNumber(G) & (SUF_BLOCKS - 1);
  return sufs + (<usize>keyId * <usize>SUF_BLOCKS + <usize>b) * SUF_BYTES;
}

function growSufs(keyId: i32): void {
  let cap = sufCap == 0 ? 1024 : sufCap * 2;
  while (cap <= keyId) cap *= 2;
  sufs = growRegion(sufs, <usize>cap * <usize>SUF_BLOCKS * SUF_BYTES);
  for (let k = sufCap * SUF_BLOCKS; k < cap * SUF_BLOCKS; k++) store<f64>(sufs + <usize>k * SUF_BYTES, NaN);
  sufCap = cap;
}

/** Heap bytes of the suffixes' validity entries. */
export function revisedFoldBytes(): f64 {
  return <f64>sufCap * <f64>(<usize>SUF_BLOCKS * SUF_BYTES);
}

/**
 * The suffixes of every slot in panes [s, G), for all keys at once, pane by pane from the last
 * (as pane-blocks.ts' foldPaneSuffixes: a pane's slots are independent loads, where a key's chain
 * is a dependent miss per slot), for the early windows whose tail block holds the newest panes:
 * every key with an event since the last advance has them dropped. The same merges, in the same
 * order per slot, as foldKeyTail's; a key whose suffixes for G were valid keeps its entry.
 */
export function foldLatestTails(s: f64, G: f64): void {
  foldPaneSuffixes(firstPaneFrom(s), G, s);
}

/** foldLatestTails found `slot` the key's last in the tail of G: its entry, unless valid already. */
export function noteLatestTail(keyId: i32, G: f64, s: f64, slot: i32): void {
  const t = sufEntry(keyId, G);
  if (load<f64>(t) != G) {
    store<f64>(t, G);
    store<f64>(t, s, 8);
    store<i32>(t, slot, 16);
  }
}

/** An event of the key went into its slot of the pane starting at `paneStart` (new or not). */
export function noteRevisedPane(keyId: i32, paneStart: f64): void {
  // The block whose tail holds the pane ends at the first block start after it.
  const G = blockStart(paneStart + 1) + windowSizeMs;
  const t = sufEntry(keyId, G);
  if (load<f64>(t) == G) store<f64>(t, NaN);
  for (let r = 0; r <= lastRow; r++) {
    const ks = keyRow(keyId, r);
    const last = load<i32>(ks, 16);
    if (last >= 0 && paneStart >= load<f64>(ks) && paneStart <= load<f64>(slotPtr(last), 16)) store<f64>(ks, NaN);
  }
}

/**
 * Writes the scalar words of window [e − size, e) for the key whose earliest slot in it is `head`
 * at `out` and returns its count: the words window-reference.ts's grouping gives. `early`: for an
 * early result (its own folds, when separateEarlyFolds was called).
 */
export function foldRevisedWindow(out: usize, keyId: i32, head: i32, e: f64, early: bool): f64 {
  const G = blockStart(e);
  const ks = keyRow(keyId, early && lastRow > 0 ? 1 + (<i32>blockNumber(G) & 1) : 0);
  const hp = slotPtr(head);
  const headStart = load<f64>(hp, 16);
  let from = head; // the first slot at or after G
  let nT: f64 = 0;
  if (headStart < G) {
    const t = sufEntry(keyId, G);
    if (load<f64>(t) != G || headStart < load<f64>(t, 8)) {
      store<i32>(t, foldKeyTail(head, G), 16);
      store<f64>(t, G);
      store<f64>(t, headStart, 8);
    }
    nT = load<f64>(hp + hopOff(), 8);
    from = load<i32>(slotPtr(load<i32>(t, 16)), 4);
  }
  const last = load<i32>(ks, 16);
  if (load<f64>(ks) != G || (last >= 0 && load<f64>(slotPtr(last), 16) >= e)) {
    store<f64>(ks, G);
    store<f64>(ks, 0, 32);
    store<i32>(ks, -1, 16);
  } else if (last >= 0) {
    from = load<i32>(slotPtr(last), 4);
  }
  extendPrefix(ks, from, e);
  const nH = load<f64>(ks, 32);
  if (nT == 0) {
    copyWords(out, ks + PREFIX, accWords);
    return nH;
  }
  combineScalarAccs(out, hp + hopOff() + 16, ks + PREFIX, nT, nH, accWords);
  return nT + nH;
}
