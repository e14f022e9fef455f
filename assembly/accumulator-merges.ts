// Merging two parts of a window's accumulator words (hopping panes, sessions, rolling blocks) by a
// plan made once per job: the accumulators' word offsets as one bit mask per kind. A hopping result
// costs about three scalar merges (pane-blocks.ts), so the merge is on the result path of every
// hopping job; walking every accumulator through a chain of kind tests, in a call, costs more than
// the merge itself for a count/sum/min/max job, which here is inlined: three masks of one bit.
//
// Counted blocks (a count and the words, merged by pairs of words) are counted-blocks.ts', by the
// plan made here.
//
// Each accumulator's words are its own, and a merge of one reads and writes only them, so merging
// kind by kind gives the same bits as merging in job order. Sketch merges stay in job order: they
// allocate, and the order of allocation decides the addresses written into results.

import { ACC_SUM, ACC_MIN, ACC_MAX, ACC_FIRST, ACC_LAST, ACC_MOMENTS, ACC_QUANTILES, ACC_DISTINCT, MAX_ACCS } from './layout';
import { ddsMerge } from './ddsketch';
import { hllMerge } from './hyperloglog';
import { ssMerge } from './space-saving-merge';

// One bit per accumulator word offset, per scalar kind: where that kind's accumulators start
// (MAX_ACC_WORDS is 64). A merge walks the set bits of each mask; kinds the job lacks cost one test.
let sumWords: u64 = 0;
let minWords: u64 = 0;
let maxWords: u64 = 0;
let firstWords: u64 = 0;
let lastWords: u64 = 0;
let momentWords: u64 = 0;
// Whether every accumulator is a sum, min or max (one word each): then a window's words can be
// written as the merge of two parts in one pass (`combineScalarAccs`), without copying one first.
let plainOnly: bool = true;
// For such a job, per word of a counted block (combineCounted: the count first, a sum, then the
// words, then a pad): all ones where it is a sum, and where it is a min (else it is a max), lane
// masks for merging two words at a time. Bare words (combinePlainWords) use them from index 1.
const countedSum = new StaticArray<u64>(64 + 2);
const countedMin = new StaticArray<u64>(64 + 2);
let plainWords: i32 = 0;
// How the first two pairs of a counted block merge (combinePairs): PAIR_SUMS | PAIR_MIN_MAX << 2 …
let pairKinds: i32 = 0;
// Sketch accumulators in job order: kind and byte offset.
const sketchKind = new StaticArray<i32>(MAX_ACCS);
const sketchOffset = new StaticArray<i32>(MAX_ACCS);
let sketchCount: i32 = 0;

/** The plan for accumulators 0 … n − 1 of these kinds at these word offsets (accumulators.ts, at each setAcc). */
export function planMerges(kinds: StaticArray<i32>, offsets: StaticArray<i32>, n: i32): void {
  sumWords = minWords = maxWords = firstWords = lastWords = momentWords = 0;
  sketchCount = 0;
  plainOnly = true;
  plainWords = 0;
  unchecked(countedSum[0] = ~<u64>0);
  for (let k = 0; k < n; k++) {
    if (unchecked(offsets[k]) >= plainWords) plainWords = unchecked(offsets[k]) + 1;
    const kind = unchecked(kinds[k]);
    if (kind != ACC_SUM && kind != ACC_MIN && kind != ACC_MAX) plainOnly = false;
    const bit = <u64>1 << <u64>unchecked(offsets[k]);
    unchecked(countedSum[offsets[k] + 1] = kind == ACC_SUM ? ~<u64>0 : 0);
    unchecked(countedMin[offsets[k] + 1] = kind == ACC_MIN ? ~<u64>0 : 0);
    if (kind == ACC_SUM) sumWords |= bit;
    else if (kind == ACC_MIN) minWords |= bit;
    else if (kind == ACC_MAX) maxWords |= bit;
    else if (kind == ACC_FIRST) firstWords |= bit;
    else if (kind == ACC_LAST) lastWords |= bit;
    else if (kind == ACC_MOMENTS) momentWords |= bit;
    else {
      unchecked(sketchKind[sketchCount] = kind);
      unchecked(sketchOffset[sketchCount] = unchecked(offsets[k]) << 3);
      sketchCount++;
    }
  }
  pairKinds = pairKindAt(0) | (pairKindAt(1) << 2);
}

/** Both lanes sums: f64x2.add. */
export const PAIR_SUMS: i32 = 0;
/** A min, then a max (a pad lane merges as a max): f64x2.pmin's first lane, pmax's second. */
export const PAIR_MIN_MAX: i32 = 1;
/** Any other: by the lane masks (pairOf). */
export const PAIR_MASKED: i32 = 2;

function pairKindAt(j: i32): i32 {
  const s0 = unchecked(countedSum[2 * j]) != 0;
  const s1 = unchecked(countedSum[2 * j + 1]) != 0;
  const m0 = unchecked(countedMin[2 * j]) != 0;
  const m1 = unchecked(countedMin[2 * j + 1]) != 0;
  if (s0 && s1) return PAIR_SUMS;
  if (!s0 && m0 && !s1 && !m1) return PAIR_MIN_MAX;
  return PAIR_MASKED;
}

// @ts-ignore: decorator
@inline
function bitOffset(m: u64): usize {
  return <usize>ctz(m) << 3;
}

/**
 * Merges the accumulator words at `from` (a window part of nFrom events that arrived after the
 * part at `into`, of nInto events) into `into`. Sums add; min, max, first and last keep the winner
 * (ties: `into`, the earlier part, for first; `from` for last); moments use Chan et al.'s pairwise
 * formula after moving both to `into`'s shift; sketches merge (the union's sketch). `from`'s
 * sketches are left as they were.
 */
export function mergeAccs(into: usize, from: usize, nInto: f64, nFrom: f64): void {
  mergeScalarAccs(into, from, nInto, nFrom);
  mergeSketchAccs(into, from, nFrom);
}

/** `mergeAccs` for every accumulator but the sketches, whose words are left alone (hopping windows' cached aggregates hold no sketches). */
// @ts-ignore: decorator
@inline
export function mergeScalarAccs(into: usize, from: usize, nInto: f64, nFrom: f64): void {
  if (nFrom == 0) return;
  if (plainOnly) {
    combinePlainWords(into, into, from, plainWords);
    return;
  }
  for (let m = sumWords; m != 0; m &= m - 1) {
    const o = bitOffset(m);
    store<f64>(into + o, load<f64>(into + o) + load<f64>(from + o));
  }
  for (let m = minWords; m != 0; m &= m - 1) {
    const o = bitOffset(m);
    const b = load<f64>(from + o);
    if (b < load<f64>(into + o)) store<f64>(into + o, b);
  }
  for (let m = maxWords; m != 0; m &= m - 1) {
    const o = bitOffset(m);
    const b = load<f64>(from + o);
    if (b > load<f64>(into + o)) store<f64>(into + o, b);
  }
  if ((firstWords | lastWords | momentWords) != 0) mergeOtherAccs(into, from, nInto, nFrom);
}

/**
 * Writes at `out` the words `copyWords(out, a); mergeScalarAccs(out, b, nA, nB)` would: the same
 * values (a + b, b < a ? b : a, b > a ? b : a), in one pass when every accumulator is a sum, min or
 * max, instead of a copy and a merge that reloads what was just copied (a hopping result and each
 * tail suffix are such a pair).
 */
// @ts-ignore: decorator
@inline
export function combineScalarAccs(out: usize, a: usize, b: usize, nA: f64, nB: f64, words: i32): void {
  if (!plainOnly || nB == 0) {
    for (let i: usize = 0, end = <usize>words << 3; i < end; i += 8) store<f64>(out + i, load<f64>(a + i));
    mergeScalarAccs(out, b, nA, nB);
    return;
  }
  combinePlainWords(out, a, b, words);
}

// A pass that merges many counted blocks (a hopping window close: pane-entry-folds.ts,
// pane-results.ts) takes the plan into locals once: wasm globals are loaded again at every use.

/** Whether every accumulator is a sum, min or max: counted blocks merge by `combinePairs`. */
export function plainCounted(): bool {
  return plainOnly;
}

/** How the first two pairs of a counted block merge (`combinePairs`' `kinds`: PAIR_* of pair 0, and of pair 1 shifted by 2). */
export function countedPairKinds(): i32 {
  return pairKinds;
}

/** The lane masks `combinePairs` takes: all ones where a counted block's word is a sum (`sums`) or a min (`mins`). */
export function countedSumLanes(): usize {
  return changetype<usize>(countedSum);
}
export function countedMinLanes(): usize {
  return changetype<usize>(countedMin);
}

/** The pair of words of a ⊕ b at pa and pb, whose lanes are sums where `sums` and mins where `mins` has all ones (else maxes). */
// @ts-ignore: decorator
@inline
export function pairOf(pa: usize, pb: usize, sums: usize, mins: usize): v128 {
  const x = v128.load(pa);
  const y = v128.load(pb);
  const minMax = v128.bitselect(f64x2.pmin(x, y), f64x2.pmax(x, y), v128.load(mins));
  return v128.bitselect(f64x2.add(x, y), minMax, v128.load(sums));
}

/**
 * out = a ⊕ b word by word, every word a sum, min or max: two words at a time (a + b, b < a ? b : a,
 * b > a ? b : a are f64x2.add, pmin and pmax, lane by lane), the last one alone when odd. `out`
 * may be `a`.
 */
// @ts-ignore: decorator
@inline
function combinePlainWords(out: usize, a: usize, b: usize, words: i32): void {
  const sums = changetype<usize>(countedSum) + 8;
  const mins = changetype<usize>(countedMin) + 8;
  const pairsEnd = <usize>(words >> 1) << 4;
  for (let o: usize = 0; o < pairsEnd; o += 16) v128.store(out + o, pairOf(a + o, b + o, sums + o, mins + o));
  if (words & 1) {
    const o = pairsEnd;
    const x = load<f64>(a + o);
    const y = load<f64>(b + o);
    store<f64>(out + o, load<u64>(sums + o) != 0 ? x + y : load<u64>(mins + o) != 0 ? (y < x ? y : x) : (y > x ? y : x));
  }
}

/** First, last and moments: out of line, so that a count/sum/min/max merge stays small enough to inline. */
function mergeOtherAccs(into: usize, from: usize, nInto: f64, nFrom: f64): void {
  for (let m = firstWords; m != 0; m &= m - 1) {
    const a = into + bitOffset(m);
    const b = from + bitOffset(m);
    if (load<f64>(b) < load<f64>(a)) {
      store<f64>(a, load<f64>(b));
      store<f64>(a, load<f64>(b, 8), 8);
    }
  }
  for (let m = lastWords; m != 0; m &= m - 1) {
    const a = into + bitOffset(m);
    const b = from + bitOffset(m);
    if (load<f64>(b) >= load<f64>(a)) {
      store<f64>(a, load<f64>(b));
      store<f64>(a, load<f64>(b, 8), 8);
    }
  }
  for (let m = momentWords; m != 0; m &= m - 1) {
    const a = into + bitOffset(m);
    const b = from + bitOffset(m);
    if (nInto == 0) {
      store<f64>(a, load<f64>(b));
      store<f64>(a, load<f64>(b, 8), 8);
      store<f64>(a, load<f64>(b, 16), 16);
      continue;
    }
    const n = nInto + nFrom;
    // from's mean, relative to into's shift: exact when the shifts are close (Sterbenz).
    const meanB = load<f64>(b, 8) + (load<f64>(b) - load<f64>(a));
    const meanA = load<f64>(a, 8);
    const delta = meanB - meanA;
    store<f64>(a, meanA + (delta * nFrom) / n, 8);
    store<f64>(a, load<f64>(a, 16) + load<f64>(b, 16) + ((delta * delta) * nInto * nFrom) / n, 16);
  }
}

/** `mergeAccs` for the sketches alone. */
export function mergeSketchAccs(into: usize, from: usize, nFrom: f64): void {
  if (nFrom == 0) return;
  for (let i = 0; i < sketchCount; i++) {
    const o = <usize>unchecked(sketchOffset[i]);
    const kind = unchecked(sketchKind[i]);
    const sa = <usize>load<f64>(into + o);
    const sb = <usize>load<f64>(from + o);
    if (kind == ACC_QUANTILES) ddsMerge(sa, sb);
    else if (kind == ACC_DISTINCT) hllMerge(sa, sb);
    else ssMerge(sa, sb);
  }
}
