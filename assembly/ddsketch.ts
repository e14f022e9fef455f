// DDSketch (Masson, Rim, Lee, VLDB 2019): a mergeable quantile sketch whose answers are within a
// relative error α of the exact order statistic, in memory logarithmic in the range of the data.
//
// Mapping: γ = (1+α)/(1−α); a value v with |v| ≥ MIN_INDEXABLE goes to bin i = ceil(ln|v| · m)
// with m = 1/ln γ (a multiply, not a divide: same result in src/reference/ddsketch-reference.ts,
// which must compute the very same f64). Bin i holds (γ^(i−1), γ^i]; its estimate 2γ^i/(γ+1) is
// within α of everything in it. Positive and negative values have a store each (indexed by |v|),
// smaller magnitudes count as zero.
//
// Quantile convention (lower quantile): q → the order statistic of 0-based rank floor(q·(n−1)) of
// the values sorted ascending. Ranks 0 and n−1 are the exact min and max, which the sketch keeps;
// any other rank gets its bin's estimate clamped to [min, max] (the interval holds the true answer,
// so clamping never adds error, and it keeps the top bin's estimate finite near f64's largest value).
//
// Bounded memory: a store never spans more than maxBins indices; when it would, its smallest
// magnitudes are folded into its lowest kept bin, and only quantiles among them lose the α bound
// (ddsketch-store.ts).
//
// Sketch header, at the address ddsCreate returns (fixed for the sketch's life: the bins live
// behind pointers, so growing them never moves the sketch):
//
//   0   gamma       f64   γ
//   8   multiplier  f64   1/ln γ
//   16  alpha       f64   α, to refuse merging sketches of different accuracy
//   24  zeroCount   f64   values with |v| < MIN_INDEXABLE
//   32  count       f64   all values (f64: exact up to 2^53, never wraps)
//   40  min         f64   exact, +Infinity when empty
//   48  max         f64   exact, −Infinity when empty
//   56  maxBins     i32
//   60  (pad)
//   64  positive store   STORE_BYTES
//   96  negative store   STORE_BYTES

import { BINS, CAP, OFFSET, LO, HI, clearStore, storeAdd, mergeStore } from './ddsketch-store';

const GAMMA = 0;
const MULTIPLIER = 8;
const ALPHA = 16;
const ZERO_COUNT = 24;
const COUNT = 32;
const MIN = 40;
const MAX = 48;
const MAX_BINS = 56;
const POSITIVE: usize = 64;
const NEGATIVE: usize = 96;
const HEADER_BYTES: usize = 128;

/**
 * Magnitudes below this count as zero: the smallest normal f64. Above it ln() is exact to an ulp,
 * and with α ≥ 1e-6 every index fits an i32 (|ln| ≤ 710, m ≤ 5·10^5).
 */
const DDS_MIN_INDEXABLE: f64 = 2.2250738585072014e-308;

/**
 * A new, empty sketch of relative accuracy α (0 < α < 1, α ≥ 1e-6) that never holds more than
 * maxBins bins per sign. Returns its address; free it with ddsFree.
 */
export function ddsCreate(relativeAccuracy: f64, maxBins: i32): usize {
  assert(relativeAccuracy >= 1e-6 && relativeAccuracy < 1, 'ddsCreate: relative accuracy must be in [1e-6, 1)');
  assert(maxBins >= 2, 'ddsCreate: maxBins must be at least 2');
  const s = heap.alloc(HEADER_BYTES);
  const gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
  store<f64>(s, gamma, GAMMA);
  store<f64>(s, 1 / Math.log(gamma), MULTIPLIER);
  store<f64>(s, relativeAccuracy, ALPHA);
  store<i32>(s, maxBins, MAX_BINS);
  store<usize>(s + POSITIVE, 0, BINS);
  store<i32>(s + POSITIVE, 0, CAP);
  store<usize>(s + NEGATIVE, 0, BINS);
  store<i32>(s + NEGATIVE, 0, CAP);
  ddsClear(s);
  return s;
}

/** Empties the sketch; its bins' memory is kept for reuse (the next window of the same key). */
export function ddsClear(s: usize): void {
  store<f64>(s, 0, ZERO_COUNT);
  store<f64>(s, 0, COUNT);
  store<f64>(s, Infinity, MIN);
  store<f64>(s, -Infinity, MAX);
  clearStore(s + POSITIVE);
  clearStore(s + NEGATIVE);
}

/** Releases the sketch and its bins; the address is invalid afterwards. */
export function ddsFree(s: usize): void {
  const pos = load<usize>(s + POSITIVE, BINS);
  const neg = load<usize>(s + NEGATIVE, BINS);
  if (pos != 0) heap.free(pos);
  if (neg != 0) heap.free(neg);
  heap.free(s);
}

/** Adds one value. Non-finite values (NaN, ±Infinity) are ignored: they have no bin. */
export function ddsAdd(s: usize, v: f64): void {
  if (!isFinite(v)) return;
  addFinite(s, v, load<f64>(s, MULTIPLIER), load<i32>(s, MAX_BINS));
  store<f64>(s, load<f64>(s, COUNT) + 1, COUNT);
  if (v < load<f64>(s, MIN)) store<f64>(s, v, MIN);
  if (v > load<f64>(s, MAX)) store<f64>(s, v, MAX);
}

/**
 * Adds the n f64 values at p (as ddsAdd each): one host → WASM call per batch instead of per
 * value. Only count, min and max live in locals: keeping the stores' fields in locals too was
 * measured slower (~30 %), since everything live must be spilled around the ln() call, while
 * the fields' loads from the header hit L1.
 */
export function ddsAddMany(s: usize, p: usize, n: i32): void {
  const multiplier = load<f64>(s, MULTIPLIER);
  const maxBins = load<i32>(s, MAX_BINS);
  let count = load<f64>(s, COUNT);
  let lo = load<f64>(s, MIN);
  let hi = load<f64>(s, MAX);
  const end = p + (<usize>n << 3);
  for (let at = p; at < end; at += 8) {
    const v = load<f64>(at);
    if (!isFinite(v)) continue;
    addFinite(s, v, multiplier, maxBins);
    count += 1;
    lo = min(lo, v);
    hi = max(hi, v);
  }
  store<f64>(s, count, COUNT);
  store<f64>(s, lo, MIN);
  store<f64>(s, hi, MAX);
}

// @ts-ignore: decorator
@inline
function addFinite(s: usize, v: f64, multiplier: f64, maxBins: i32): void {
  const a = abs(v);
  if (a < DDS_MIN_INDEXABLE) {
    store<f64>(s, load<f64>(s, ZERO_COUNT) + 1, ZERO_COUNT);
    return;
  }
  const k = <i32>Math.ceil(Math.log(a) * multiplier);
  storeAdd(s + (v > 0 ? POSITIVE : NEGATIVE), k, 1, maxBins);
}

/** The bin index of |v| (v finite, |v| ≥ DDS_MIN_INDEXABLE): the mapping, for tests against the reference. */
export function ddsIndexOf(s: usize, v: f64): i32 {
  return <i32>Math.ceil(Math.log(abs(v)) * load<f64>(s, MULTIPLIER));
}

/** Makes `into` the sketch of the union of both inputs; `from` is unchanged. Same α required. */
export function ddsMerge(into: usize, from: usize): void {
  assert(load<f64>(into, ALPHA) == load<f64>(from, ALPHA), 'ddsMerge: the sketches have different relative accuracy');
  const maxBins = load<i32>(into, MAX_BINS);
  mergeStore(into + POSITIVE, from + POSITIVE, maxBins);
  mergeStore(into + NEGATIVE, from + NEGATIVE, maxBins);
  store<f64>(into, load<f64>(into, ZERO_COUNT) + load<f64>(from, ZERO_COUNT), ZERO_COUNT);
  store<f64>(into, load<f64>(into, COUNT) + load<f64>(from, COUNT), COUNT);
  store<f64>(into, min(load<f64>(into, MIN), load<f64>(from, MIN)), MIN);
  store<f64>(into, max(load<f64>(into, MAX), load<f64>(from, MAX)), MAX);
}

/**
 * The q-quantile (q in [0, 1]) under the lower-quantile convention: the estimate of the order
 * statistic of rank floor(q·(n−1)), within α of it (see the collapsing catch in ddsketch-store.ts). NaN when the
 * sketch is empty or q is outside [0, 1].
 */
export function ddsQuantile(s: usize, q: f64): f64 {
  const n = load<f64>(s, COUNT);
  if (n == 0 || !(q >= 0 && q <= 1)) return NaN;
  const rank = Math.floor(q * (n - 1));
  if (rank == 0) return load<f64>(s, MIN);
  if (rank == n - 1) return load<f64>(s, MAX);
  const gamma = load<f64>(s, GAMMA);
  let seen: f64 = 0;
  let estimate: f64 = 0;
  let found = false;

  // Ascending values: negatives from the largest magnitude down, then zeros, then positives up.
  const neg = s + NEGATIVE;
  let bins = load<usize>(neg, BINS);
  let offset = load<i32>(neg, OFFSET);
  for (let k = load<i32>(neg, HI), lo = load<i32>(neg, LO); k >= lo; k--) {
    seen += load<f64>(bins + (<usize>(k - offset) << 3));
    if (seen > rank) {
      estimate = -binEstimate(gamma, k);
      found = true;
      break;
    }
  }
  if (!found) {
    seen += load<f64>(s, ZERO_COUNT);
    found = seen > rank;
  }
  if (!found) {
    const pos = s + POSITIVE;
    bins = load<usize>(pos, BINS);
    offset = load<i32>(pos, OFFSET);
    // Rank < n, so some bin answers; should rounding ever say otherwise, max is the right answer.
    estimate = load<f64>(s, MAX);
    for (let k = load<i32>(pos, LO), hi = load<i32>(pos, HI); k <= hi; k++) {
      seen += load<f64>(bins + (<usize>(k - offset) << 3));
      if (seen > rank) {
        estimate = binEstimate(gamma, k);
        break;
      }
    }
  }
  return min(max(estimate, load<f64>(s, MIN)), load<f64>(s, MAX));
}

// @ts-ignore: decorator
@inline
function binEstimate(gamma: f64, k: i32): f64 {
  return (2 * Math.pow(gamma, <f64>k)) / (gamma + 1);
}

/** Number of finite values added (merged ones included). */
export function ddsCount(s: usize): f64 {
  return load<f64>(s, COUNT);
}

/** Smallest value added, exactly; +Infinity when empty. */
export function ddsMin(s: usize): f64 {
  return load<f64>(s, MIN);
}

/** Largest value added, exactly; −Infinity when empty. */
export function ddsMax(s: usize): f64 {
  return load<f64>(s, MAX);
}

/**
 * Heap bytes the sketch holds: header plus both bin buffers, as requested from the allocator
 * (TLSF adds a 4-byte block header and rounds each block up to 16 bytes on top of this).
 */
export function ddsBytes(s: usize): i32 {
  return <i32>HEADER_BYTES + ((load<i32>(s + POSITIVE, CAP) + load<i32>(s + NEGATIVE, CAP)) << 3);
}
