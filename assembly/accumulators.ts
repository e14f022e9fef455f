// Accumulators: per (window, key) state in f64 words, configured once per job as a list of
// (kind, value column). `count` is implicit in every window slot; derived outputs (mean, range,
// variance, standard deviation) are computed from these words on the host when a window closes.
// A new kind is an ACC_* constant in layout.ts, its word count in `wordsOf`, and one case in
// `initAccs` and `updateAccs` (and, for panes, a merge in accumulator-merges.ts).

import {
  ACC_SUM, ACC_MIN, ACC_MAX, ACC_FIRST, ACC_LAST, ACC_MOMENTS, ACC_QUANTILES, ACC_DISTINCT, ACC_TOPK,
  ACC_KIND_COUNT, MAX_ACCS, MAX_ACC_WORDS,
} from './layout';
import { itemCount } from './batch-columns';
import { ddsCreate, ddsAdd, ddsFree, ddsBytes } from './ddsketch';
import { hllCreate, hllAddHash, hllFree, hllBytes } from './hyperloglog';
import { ssCreate, ssAdd, ssFree, ssBytes } from './space-saving';
import { planMerges } from './accumulator-merges';
import { blockWordsFor, copyPairs } from './counted-blocks';
import { hash64 } from './hash64';

export let accCount: i32 = 0;
/** f64 words of accumulator state per slot. */
export let accWords: i32 = 0;
const accKind = new StaticArray<i32>(MAX_ACCS);
const accValue = new StaticArray<i32>(MAX_ACCS);
const accOffset = new StaticArray<i32>(MAX_ACCS);
// Sketch parameters: relative accuracy and bin limit (quantiles), precision (distinct), counters (top-k).
const accParamA = new StaticArray<f64>(MAX_ACCS);
const accParamB = new StaticArray<i32>(MAX_ACCS);
// A new slot's words when no accumulator is a sketch: written once per job (`planInit`), copied per
// slot. Walking the accumulators through a chain of kind tests cost ~120 instructions per slot,
// and hopping panes make a slot per key per slide (valgrind: 8% of hopping's wasm instructions).
// Kept as a counted block (counted-blocks.ts): a zero count, the words, a zero pad, so that a
// hopping pane entry's block is two pair copies (`initCounted`).
const countedInit = new StaticArray<u64>(MAX_ACC_WORDS + 2);
/** No accumulator is a sketch: a new slot's words are a copy of `countedInit`'s. */
let initByCopy: bool = true;
/** Bytes of a counted block of the accumulators set so far (counted-blocks.ts' blockWordsFor). */
let countedBytes: usize = 16;

// @ts-ignore: decorator
@inline
function isSketch(kind: i32): bool {
  return kind >= ACC_QUANTILES;
}

function wordsOf(kind: i32): i32 {
  return kind == ACC_MOMENTS ? 3 : kind == ACC_FIRST || kind == ACC_LAST ? 2 : 1;
}

export function configureAccs(n: i32): void {
  assert(n >= 0 && n <= MAX_ACCS);
  accCount = n;
  accWords = 0;
  planMerges(accKind, accOffset, 0);
  planInit(0);
}

/** Parameters of sketch accumulator k; call before the first event. */
export function setAccParams(k: i32, a: f64, b: i32): void {
  assert(k >= 0 && k < accCount);
  unchecked(accParamA[k] = a);
  unchecked(accParamB[k] = b);
}

/**
 * Sets accumulator k; accumulators must be set in order 0, 1, … (their words follow each other).
 * For distinct and top-k, `valueIndex` is the index of an item field instead of a value column.
 */
export function setAcc(k: i32, kind: i32, valueIndex: i32): void {
  assert(k >= 0 && k < accCount && kind >= ACC_SUM && kind < ACC_KIND_COUNT);
  unchecked(accKind[k] = kind);
  unchecked(accValue[k] = valueIndex);
  const offset = k == 0 ? 0 : unchecked(accOffset[k - 1]) + wordsOf(unchecked(accKind[k - 1]));
  unchecked(accOffset[k] = offset);
  accWords = offset + wordsOf(kind);
  assert(accWords <= MAX_ACC_WORDS);
  planMerges(accKind, accOffset, k + 1);
  planInit(k + 1);
}

/** The initial words of accumulators 0 … n − 1 (those set so far), when none is a sketch. */
function planInit(n: i32): void {
  countedBytes = <usize>blockWordsFor(accWords) << 3;
  initByCopy = true;
  for (let k = 0; k < n; k++) if (isSketch(unchecked(accKind[k]))) initByCopy = false;
  if (initByCopy) initAccsByKind(changetype<usize>(countedInit) + 8, n);
}

// @ts-ignore: decorator
@inline
export function initAccs(acc: usize): void {
  if (!initByCopy) {
    initAccsByKind(acc, accCount);
    return;
  }
  const from = changetype<usize>(countedInit) + 8;
  for (let i: usize = 0, end = <usize>accWords << 3; i < end; i += 8) store<u64>(acc + i, load<u64>(from + i));
}

/** A counted block's count (0) and words as a new slot's, and its pad (0). */
// @ts-ignore: decorator
@inline
export function initCounted(block: usize): void {
  if (!initByCopy) {
    store<f64>(block, 0);
    initAccsByKind(block + 8, accCount);
    return;
  }
  copyPairs(block, changetype<usize>(countedInit), countedBytes);
}

function initAccsByKind(acc: usize, n: i32): void {
  for (let k = 0; k < n; k++) {
    const kind = unchecked(accKind[k]);
    const p = acc + (<usize>unchecked(accOffset[k]) << 3);
    if (isSketch(kind)) store<f64>(p, <f64>newSketch(k));
    else if (kind == ACC_MIN) store<f64>(p, Infinity);
    else if (kind == ACC_MAX) store<f64>(p, -Infinity);
    else if (kind == ACC_FIRST) {
      store<f64>(p, Infinity);
      store<f64>(p, NaN, 8);
    } else if (kind == ACC_LAST) {
      store<f64>(p, -Infinity);
      store<f64>(p, NaN, 8);
    } else {
      store<f64>(p, 0);
      if (kind == ACC_MOMENTS) {
        store<f64>(p, 0, 8);
        store<f64>(p, 0, 16);
      }
    }
  }
}

/**
 * Folds one event into `acc`: its time t, its value row, its item columns (address and length per
 * item field, at itemPtrs/itemLens), and n = the window's count including this event.
 */
// @ts-ignore: decorator
@inline
export function updateAccs(acc: usize, row: usize, itemPtrs: usize, itemLens: usize, t: f64, n: f64): void {
  for (let k = 0; k < accCount; k++) {
    const p = acc + (<usize>unchecked(accOffset[k]) << 3);
    const kind = unchecked(accKind[k]);
    if (kind >= ACC_DISTINCT) {
      // An entry without the item field is not counted, as SQL's COUNT(DISTINCT x) skips NULL.
      const j = <usize>unchecked(accValue[k]) << 2;
      const len = load<i32>(itemLens + j);
      if (len < 0) continue;
      const item = <usize>load<u32>(itemPtrs + j);
      const h = hash64(item, len);
      if (kind == ACC_DISTINCT) hllAddHash(<usize>load<f64>(p), h);
      else ssAdd(<usize>load<f64>(p), item, len, <u32>h);
      continue;
    }
    const v = load<f64>(row + (<usize>unchecked(accValue[k]) << 3));
    if (kind == ACC_QUANTILES) {
      ddsAdd(<usize>load<f64>(p), v);
    } else if (kind == ACC_SUM) {
      store<f64>(p, load<f64>(p) + v);
    } else if (kind == ACC_MIN) {
      if (v < load<f64>(p)) store<f64>(p, v);
    } else if (kind == ACC_MAX) {
      if (v > load<f64>(p)) store<f64>(p, v);
    } else if (kind == ACC_MOMENTS) {
      // Welford on values shifted by the window's first value. Welford alone loses digits in
      // proportion to mean/stddev (≈1e-7 relative on 1e9 + noise in [0, 1)); the shift makes the
      // data well-conditioned, and v - shift is exact for values within a factor 2 (Sterbenz).
      if (n == 1) store<f64>(p, v);
      const x = v - load<f64>(p);
      const mean = load<f64>(p, 8);
      const delta = x - mean;
      const next = mean + delta / n;
      store<f64>(p, next, 8);
      store<f64>(p, load<f64>(p, 16) + delta * (x - next), 16);
    } else if (kind == ACC_FIRST) {
      if (t < load<f64>(p)) {
        store<f64>(p, t);
        store<f64>(p, v, 8);
      }
    } else {
      if (t >= load<f64>(p)) {
        store<f64>(p, t);
        store<f64>(p, v, 8);
      }
    }
  }
}

/** Frees the sketches whose addresses are among the accumulator words at `acc`. */
export function freeSketches(acc: usize): void {
  for (let k = 0; k < accCount; k++) {
    const kind = unchecked(accKind[k]);
    if (!isSketch(kind)) continue;
    const s = <usize>load<f64>(acc + (<usize>unchecked(accOffset[k]) << 3));
    if (kind == ACC_QUANTILES) ddsFree(s);
    else if (kind == ACC_DISTINCT) hllFree(s);
    else ssFree(s);
  }
}

/** Heap bytes held by the sketches of the accumulator words at `acc`. */
export function sketchBytes(acc: usize): i32 {
  let bytes = 0;
  for (let k = 0; k < accCount; k++) {
    const kind = unchecked(accKind[k]);
    if (!isSketch(kind)) continue;
    const s = <usize>load<f64>(acc + (<usize>unchecked(accOffset[k]) << 3));
    bytes += kind == ACC_QUANTILES ? ddsBytes(s) : kind == ACC_DISTINCT ? hllBytes(s) : ssBytes(s);
  }
  return bytes;
}

/**
 * Whether any accumulator is a sketch (then result records own heap state until released). Asked
 * once per pane and per batch by hopping windows: planned once, with the initial words.
 */
// @ts-ignore: decorator
@inline
export function hasSketches(): bool {
  return !initByCopy;
}


/** Accumulator k's kind (an ACC_* constant) and the offset of its first word, in words. */
export function accKindAt(k: i32): i32 {
  return unchecked(accKind[k]);
}
export function accOffsetAt(k: i32): i32 {
  return unchecked(accOffset[k]);
}

/** A fresh sketch for accumulator k, which must be a sketch (quantiles, distinct or top-k), with its params. */
export function newSketch(k: i32): usize {
  const kind = unchecked(accKind[k]);
  if (kind == ACC_QUANTILES) return ddsCreate(unchecked(accParamA[k]), unchecked(accParamB[k]));
  if (kind == ACC_DISTINCT) return hllCreate(<i32>unchecked(accParamA[k]));
  return ssCreate(<i32>unchecked(accParamA[k]));
}

/** Fresh sketches into the sketch words at `acc`; the other words are left alone. */
export function initSketchAccs(acc: usize): void {
  for (let k = 0; k < accCount; k++) {
    if (isSketch(unchecked(accKind[k]))) store<f64>(acc + (<usize>unchecked(accOffset[k]) << 3), <f64>newSketch(k));
  }
}

/** Copies n f64 words: a plain loop beats `memory.copy` on the few words of a slot. */
// @ts-ignore: decorator
@inline
export function copyWords(to: usize, from: usize, n: i32): void {
  for (let i: usize = 0, end = <usize>n << 3; i < end; i += 8) store<f64>(to + i, load<f64>(from + i));
}

/** Initialises accumulator words at `acc` (as a new window slot's). Exposed for tests of merging. */
export function initAccWords(acc: usize): void {
  initAccs(acc);
}
