// Counted blocks: a part's count, then its accumulator words, padded to an even number of words
// (blockWords): a hopping pane entry's words, its tail suffix, a key's head prefix (pane-entries.ts,
// pane-entry-folds.ts), and, without the pad, a result record's count and words. A plain job (every
// accumulator a sum, min or max) merges them a pair of words at a time, the count as one more sum,
// by the plan accumulator-merges.ts makes: lane masks, and the kind of the first two pairs.

import {
  plainCounted, countedSumLanes, countedMinLanes, countedPairKinds, pairOf, mergeScalarAccs, PAIR_SUMS, PAIR_MIN_MAX,
} from './accumulator-merges';

/** Words of a counted block for `words` accumulator words: the count, the words, a pad to even. */
// @ts-ignore: decorator
@inline
export function blockWordsFor(words: i32): i32 {
  return (words + 2) & ~1;
}

/** out = a ⊕ b for counted blocks of `words` accumulator words; out may be a. */
// @ts-ignore: decorator
@inline
export function combineCounted(out: usize, a: usize, b: usize, words: i32): void {
  if (plainCounted()) combineCountedPairs(out, a, b, blockWordsFor(words) >> 1);
  else combineCountedOther(out, a, b, words);
}

/** combineCounted into a result record's count and words: exactly 1 + words words at out, no pad. */
// @ts-ignore: decorator
@inline
export function combineCountedToResult(out: usize, a: usize, b: usize, words: i32): void {
  if (!plainCounted()) {
    combineCountedOther(out, a, b, words);
    return;
  }
  combineCountedPairs(out, a, b, (words + 1) >> 1);
  if ((words & 1) == 0) {
    combineHalfPair(out, a, b, <usize>((words + 1) >> 1) << 4, countedSumLanes(), countedMinLanes());
  }
}

/**
 * out = a ⊕ b over the first `bytes` (a multiple of 16) of counted blocks of a plain job; out may be
 * a. `kinds`: countedPairKinds().
 */
// @ts-ignore: decorator
@inline
export function combinePairs(out: usize, a: usize, b: usize, bytes: usize, sums: usize, mins: usize, kinds: i32): void {
  // The first two pairs unrolled, each by its kind: a count/sum/min/max job's whole block (count
  // and three words) is an add and a min/max, without the masks' selects. The rest in a call: a
  // loop here puts a stack check on every merge.
  if (bytes == 0) return;
  v128.store(out, pairBy(kinds & 3, a, b, sums, mins));
  if (bytes == 16) return;
  v128.store(out, pairBy(kinds >> 2, a + 16, b + 16, sums + 16, mins + 16), 16);
  if (bytes > 32) combinePairsFrom(32, out, a, b, bytes, sums, mins);
}

/** pairOf for a pair of that PAIR_* kind: the same lanes. */
// @ts-ignore: decorator
@inline
function pairBy(kind: i32, pa: usize, pb: usize, sums: usize, mins: usize): v128 {
  if (kind == PAIR_SUMS) return f64x2.add(v128.load(pa), v128.load(pb));
  if (kind == PAIR_MIN_MAX) {
    const x = v128.load(pa);
    const y = v128.load(pb);
    return v128.shuffle<f64>(f64x2.pmin(x, y), f64x2.pmax(x, y), 0, 3);
  }
  return pairOf(pa, pb, sums, mins);
}

/** Copies the first `bytes` (a multiple of 16) of a counted block, by pairs as combinePairs merges them. */
// @ts-ignore: decorator
@inline
export function copyPairs(to: usize, from: usize, bytes: usize): void {
  if (bytes == 0) return;
  v128.store(to, v128.load(from));
  if (bytes == 16) return;
  v128.store(to, v128.load(from, 16), 16);
  if (bytes > 32) memory.copy(to + 32, from + 32, bytes - 32);
}

/** combinePairs from byte `o` on. */
function combinePairsFrom(o: usize, out: usize, a: usize, b: usize, bytes: usize, sums: usize, mins: usize): void {
  for (; o < bytes; o += 16) v128.store(out + o, pairOf(a + o, b + o, sums + o, mins + o));
}

/** The last word of a ⊕ b at `o` into a result record, whose count and words end one word into that pair (even accWords). */
// @ts-ignore: decorator
@inline
export function combineHalfPair(out: usize, a: usize, b: usize, o: usize, sums: usize, mins: usize): void {
  v128.store64_lane(out + o, pairOf(a + o, b + o, sums + o, mins + o), 0);
}

/** The first `pairs` pairs of words of counted blocks a ⊕ b, every accumulator a sum, min or max. */
// @ts-ignore: decorator
@inline
function combineCountedPairs(out: usize, a: usize, b: usize, pairs: i32): void {
  combinePairs(out, a, b, <usize>pairs << 4, countedSumLanes(), countedMinLanes(), countedPairKinds());
}

/** combineCounted for jobs with first, last or moments: the words by mergeScalarAccs, which needs both counts. */
function combineCountedOther(out: usize, a: usize, b: usize, words: i32): void {
  const nA = load<f64>(a);
  const nB = load<f64>(b);
  if (out != a) for (let i: usize = 8, end = (<usize>words + 1) << 3; i < end; i += 8) store<f64>(out + i, load<f64>(a + i));
  mergeScalarAccs(out + 8, b + 8, nA, nB);
  store<f64>(out, nA + nB);
}
