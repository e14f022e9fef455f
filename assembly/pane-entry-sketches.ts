// A hopping window's quantile and distinct sketches from the same folds as its words
// (pane-entry-folds.ts): a result's sketch is a fresh one with the head entry's tail suffix and the
// key's head prefix merged in, two merges, where merging the key's entries down its chain was
// size/slide merges per result (a quantile over hopping(60 s, 1 s): 60 DDSketch merges a result).
//
// This regrouping is exact because both merges are unions: DDSketch bins add, with collapsing of
// the lowest bins that does not depend on order; HyperLogLog registers take the max. Any grouping
// gives the same sketch, so the same quantiles and estimates (test/kernel/ddsketch-merge-is-union,
// hyperloglog-merge-is-union). Space-Saving top-k merges do not associate, so its sketches are
// still fresh ones with the key's entries merged in, in start order, as before.
//
// The fold sketches live beside the blocks they go with, one address (u32 in 8 bytes) per quantile
// or distinct accumulator, rounded up to 16 bytes:
//   - an entry's suffix sketches after its suffix block: made by the pass that makes the suffix,
//     emptied and filled again by the next (ddsClear, hllClear: their memory is reused), freed
//     with the entry's pane;
//   - a key's prefix sketches after its prefix block: emptied and filled again whenever the prefix
//     restarts, freed when the key's last entry is (a key that comes back makes new ones; key ids
//     are not reused, so keeping them would hold memory for every key ever seen).
// Address 0: none yet.

import { ACC_QUANTILES, ACC_DISTINCT, ACC_TOPK, MAX_ACCS } from './layout';
import { accCount, accKindAt, accOffsetAt, newSketch, initSketchAccs } from './accumulators';
import { ddsClear, ddsMerge, ddsFree, ddsBytes } from './ddsketch';
import { hllClear, hllMerge, hllFree, hllBytes } from './hyperloglog';
import { ssMerge } from './space-saving-merge';
import { refAddr, refStart } from './pane-handles';
import { E_ACC, E_COUNT, E_NEXT, KEY_FOLDS, keyRec, entrySketchOff } from './pane-entries';
import { rowSketchOff } from './pane-entry-folds';

/** Quantile and distinct accumulators: their number, indexes and byte offsets in accumulator words. */
export let foldSketchCount: i32 = 0;
const foldAcc = new StaticArray<i32>(MAX_ACCS);
const foldOffset = new StaticArray<i32>(MAX_ACCS);
const foldIsDds = new StaticArray<bool>(MAX_ACCS);
/** Top-k accumulators: byte offsets. */
let topkCount: i32 = 0;
const topkOffset = new StaticArray<i32>(MAX_ACCS);

/** Finds the job's fold sketches; once, before the first entry (pane-entries.ts). */
export function planEntrySketches(): void {
  foldSketchCount = 0;
  topkCount = 0;
  for (let k = 0; k < accCount; k++) {
    const kind = accKindAt(k);
    if (kind == ACC_QUANTILES || kind == ACC_DISTINCT) {
      unchecked(foldAcc[foldSketchCount] = k);
      unchecked(foldOffset[foldSketchCount] = accOffsetAt(k) << 3);
      unchecked(foldIsDds[foldSketchCount] = kind == ACC_QUANTILES);
      foldSketchCount++;
    } else if (kind == ACC_TOPK) {
      unchecked(topkOffset[topkCount++] = accOffsetAt(k) << 3);
    }
  }
}

/** Bytes of fold sketch addresses after an entry's suffix block, and after a key's prefix block. */
export function foldSketchBytes(): usize {
  return (<usize>(foldSketchCount << 3) + 15) & ~<usize>15;
}

// @ts-ignore: decorator
@inline
function entryArea(p: usize): usize {
  return p + entrySketchOff();
}

// @ts-ignore: decorator
@inline
function keyArea(rw: usize): usize {
  return rw + rowSketchOff();
}

/** A new entry (or key row): no fold sketches. */
export function initEntrySketches(p: usize): void {
  const a = entryArea(p);
  for (let i = 0; i < foldSketchCount; i++) store<usize>(a + (<usize>i << 3), 0);
}
export function initKeySketches(rw: usize): void {
  const a = keyArea(rw);
  for (let i = 0; i < foldSketchCount; i++) store<usize>(a + (<usize>i << 3), 0);
}

/** The fold sketch i whose address is at `at`, empty: made on first use, emptied after. */
function emptied(at: usize, i: i32): usize {
  const s = load<usize>(at);
  if (s == 0) return present(at, i);
  if (unchecked(foldIsDds[i])) ddsClear(s);
  else hllClear(s);
  return s;
}

/** The fold sketch i at `at`, made empty when there is none (a prefix freed with its key's entries). */
function present(at: usize, i: i32): usize {
  let s = load<usize>(at);
  if (s == 0) {
    s = newSketch(unchecked(foldAcc[i]));
    store<usize>(at, s);
  }
  return s;
}

// @ts-ignore: decorator
@inline
function mergeInto(i: i32, into: usize, from: usize): void {
  if (unchecked(foldIsDds[i])) ddsMerge(into, from);
  else hllMerge(into, from);
}

// @ts-ignore: decorator
@inline
function entrySketch(p: usize, i: i32): usize {
  return <usize>load<f64>(p + E_ACC + <usize>unchecked(foldOffset[i]));
}

/** Entry p's suffix sketches := its own (the last entry of its key's tail). */
export function startSuffixSketches(p: usize): void {
  const a = entryArea(p);
  for (let i = 0; i < foldSketchCount; i++) mergeInto(i, emptied(a + (<usize>i << 3), i), entrySketch(p, i));
}

/** Entry p's suffix sketches := its own ⊕ the suffix of `next`, its key's next entry in the tail. */
export function startSuffixSketchesBefore(p: usize, next: usize): void {
  const a = entryArea(p);
  const b = entryArea(next);
  for (let i = 0; i < foldSketchCount; i++) {
    const s = emptied(a + (<usize>i << 3), i);
    mergeInto(i, s, entrySketch(p, i));
    mergeInto(i, s, load<usize>(b + (<usize>i << 3)));
  }
}

/** The key's prefix sketches (row rw) := entry p's (the prefix restarts at p). */
export function startPrefixSketches(rw: usize, p: usize): void {
  const a = keyArea(rw);
  for (let i = 0; i < foldSketchCount; i++) mergeInto(i, emptied(a + (<usize>i << 3), i), entrySketch(p, i));
}

/** The key's prefix sketches ⊕= entry p's. */
export function extendPrefixSketches(rw: usize, p: usize): void {
  const a = keyArea(rw);
  for (let i = 0; i < foldSketchCount; i++) mergeInto(i, present(a + (<usize>i << 3), i), entrySketch(p, i));
}

/**
 * Fresh sketches at `acc` (a result record's, which owns them) for the window [.., e) of key keyId,
 * whose earliest entry in it is `head` (at p, in the pane starting at headStart): the quantile and
 * distinct ones as the folds' (suffix ⊕ prefix, as writeEntryWindow's words, just rebuilt if the
 * key was dirty), the top-k ones with the key's entries merged in, in start order.
 */
export function writeWindowSketches(acc: usize, keyId: i32, head: i64, p: usize, headStart: f64, G: f64, e: f64): void {
  initSketchAccs(acc);
  const rw = keyRec(keyId) + KEY_FOLDS;
  const pre = keyArea(rw);
  const suf = entryArea(p);
  const prefixed = load<f64>(rw) == G;
  for (let i = 0; i < foldSketchCount; i++) {
    const s = <usize>load<f64>(acc + <usize>unchecked(foldOffset[i]));
    const o = <usize>i << 3;
    if (headStart < G) mergeInto(i, s, load<usize>(suf + o));
    if (headStart >= G || prefixed) mergeInto(i, s, load<usize>(pre + o));
  }
  if (topkCount == 0) return;
  for (let s = head; s >= 0 && refStart(s) < e; ) {
    const q = refAddr(s);
    if (load<f64>(q, E_COUNT) != 0) {
      for (let i = 0; i < topkCount; i++) {
        const o = <usize>unchecked(topkOffset[i]);
        ssMerge(<usize>load<f64>(acc + o), <usize>load<f64>(q + E_ACC + o));
      }
    }
    s = load<i64>(q, E_NEXT);
  }
}

function freeArea(a: usize): void {
  for (let i = 0; i < foldSketchCount; i++) {
    const at = a + (<usize>i << 3);
    const s = load<usize>(at);
    if (s == 0) continue;
    if (unchecked(foldIsDds[i])) ddsFree(s);
    else hllFree(s);
    store<usize>(at, 0);
  }
}

/** Entry p's pane is freed: its suffix sketches go with it. */
export function freeEntrySketches(p: usize): void {
  freeArea(entryArea(p));
}

/** The key (row rw) has no entry left: its prefix sketches go too. */
export function freeKeySketches(rw: usize): void {
  freeArea(keyArea(rw));
}

function areaBytes(a: usize): f64 {
  let bytes: f64 = 0;
  for (let i = 0; i < foldSketchCount; i++) {
    const s = load<usize>(a + (<usize>i << 3));
    if (s != 0) bytes += <f64>(unchecked(foldIsDds[i]) ? ddsBytes(s) : hllBytes(s));
  }
  return bytes;
}

/** Heap bytes of entry p's suffix sketches, and of a key's prefix sketches. */
export function entrySketchBytes(p: usize): f64 {
  return areaBytes(entryArea(p));
}
export function keySketchBytes(rw: usize): f64 {
  return areaBytes(keyArea(rw));
}
