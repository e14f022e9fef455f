// One store of a DDSketch (ddsketch.ts): the bins of one sign, dense with an offset (bin k is
// bins[k − offset]), indexed by |v|.
//
// Bounded memory: a store never spans more than maxBins indices. When it would, the lowest indices
// (smallest magnitudes) are folded into the lowest kept bin — the paper's collapsing-lowest
// strategy, applied to each store. The catch: after a collapse, a quantile whose exact value v
// has |v| > γ^(lowest kept index − 1) in its store is still within α; a value of smaller magnitude
// is reported as the lowest kept bin's estimate (too large in magnitude). With α = 0.01 and 2048
// bins, a store covers a ratio γ^2047 ≈ 6·10^17 between its largest and smallest magnitude before
// anything collapses. Collapsing is order-independent (everything below max index − maxBins + 1
// ends in that bin), so merging still equals sketching the union, bin for bin.
//
// Store layout, STORE_BYTES inside the sketch header:
//
//   0   bins    usize  f64 count per bin, `cap` of them (0 until the first value)
//   4   cap     i32    ≤ maxBins, so a value inside the buffer never needs a collapse
//   8   offset  i32    index of bins[0]
//   12  lo      i32    lowest non-empty index; i32.MAX_VALUE when empty
//   16  hi      i32    highest non-empty index; i32.MIN_VALUE when empty
//   20  (pad to 32)
//
// Counts are f64 (8 bytes a bin, not 4): a u32 bin would wrap silently after 2^32 values of one
// magnitude in one window, and merging adds whole bins.

export const BINS = 0;
export const CAP = 4;
export const OFFSET = 8;
export const LO = 12;
export const HI = 16;
export const STORE_BYTES: usize = 32;

/** Smallest growth of a store's buffer, in bins: a tight data range stays in one small block. */
const MIN_GROWTH: i32 = 32;

/** Empties store st; its bins' memory is kept. */
export function clearStore(st: usize): void {
  const bins = load<usize>(st, BINS);
  if (bins != 0) memory.fill(bins, 0, <usize>load<i32>(st, CAP) << 3);
  store<i32>(st, i32.MAX_VALUE, LO);
  store<i32>(st, i32.MIN_VALUE, HI);
}

/** Adds c to bin k of store st, growing, moving or collapsing it when k is outside its buffer. */
// @ts-ignore: decorator
@inline
export function storeAdd(st: usize, k: i32, c: f64, maxBins: i32): void {
  const rel = k - load<i32>(st, OFFSET);
  // Inside the buffer, the span stays ≤ cap ≤ maxBins: no collapse possible, just count.
  if (<u32>rel < <u32>load<i32>(st, CAP)) {
    const at = load<usize>(st, BINS) + (<usize>rel << 3);
    store<f64>(at, load<f64>(at) + c);
    if (k < load<i32>(st, LO)) store<i32>(st, k, LO);
    if (k > load<i32>(st, HI)) store<i32>(st, k, HI);
  } else {
    storeAddOutside(st, k, c, maxBins);
  }
}

/** The rare path: k is outside the buffer, so the store grows, moves its window, or collapses. */
function storeAddOutside(st: usize, k: i32, c: f64, maxBins: i32): void {
  const oldLo = load<i32>(st, LO);
  let lo = min(oldLo, k);
  const hi = max(load<i32>(st, HI), k);
  if (hi - lo + 1 > maxBins) {
    lo = hi - maxBins + 1;
    if (k < lo) k = lo;
  }
  const offset = load<i32>(st, OFFSET);
  if (lo < offset || hi >= offset + load<i32>(st, CAP) || lo > oldLo) relayout(st, lo, hi, maxBins);
  const at = load<usize>(st, BINS) + (<usize>(k - load<i32>(st, OFFSET)) << 3);
  store<f64>(at, load<f64>(at) + c);
  store<i32>(st, lo, LO);
  store<i32>(st, hi, HI);
}

/**
 * Makes the buffer cover [lo, hi] (hi − lo < maxBins), folding the counts of every bin below lo
 * into bin lo. The slack is split evenly on both sides, since data may grow either way.
 */
function relayout(st: usize, lo: i32, hi: i32, maxBins: i32): void {
  const oldBins = load<usize>(st, BINS);
  const oldCap = load<i32>(st, CAP);
  const oldOffset = load<i32>(st, OFFSET);
  const oldLo = load<i32>(st, LO);
  const oldHi = load<i32>(st, HI);
  const empty = oldHi < oldLo;

  let folded: f64 = 0;
  if (!empty) {
    const foldEnd = min(oldHi, lo - 1);
    for (let k = oldLo; k <= foldEnd; k++) folded += load<f64>(oldBins + (<usize>(k - oldOffset) << 3));
  }

  const span = hi - lo + 1;
  let cap = oldCap;
  if (span > cap) cap = min(maxBins, max(span + (span >> 1), max(oldCap << 1, MIN_GROWTH)));
  const offset = lo - ((cap - span) >> 1);
  const bins = cap == oldCap ? oldBins : heap.alloc(<usize>cap << 3);

  // Surviving bins [max(oldLo, lo), oldHi] move to their new place; everything else is zeroed.
  let from = 0;
  let to = 0;
  if (!empty && oldHi >= lo) {
    const keepLo = max(oldLo, lo);
    from = keepLo - offset;
    to = oldHi - offset + 1;
    memory.copy(bins + (<usize>from << 3), oldBins + (<usize>(keepLo - oldOffset) << 3), <usize>(to - from) << 3);
  }
  memory.fill(bins, 0, <usize>from << 3);
  memory.fill(bins + (<usize>to << 3), 0, <usize>(cap - to) << 3);
  if (folded != 0) {
    const at = bins + (<usize>(lo - offset) << 3);
    store<f64>(at, load<f64>(at) + folded);
  }

  if (bins != oldBins && oldBins != 0) heap.free(oldBins);
  store<usize>(st, bins, BINS);
  store<i32>(st, cap, CAP);
  store<i32>(st, offset, OFFSET);
}

/** Adds every bin of store `from` to store `into`. */
export function mergeStore(into: usize, from: usize, maxBins: i32): void {
  const lo = load<i32>(from, LO);
  const hi = load<i32>(from, HI);
  if (hi < lo) return;
  const bins = load<usize>(from, BINS);
  const offset = load<i32>(from, OFFSET);
  // Top and bottom first, so that the buffer is laid out once for the whole range.
  storeAdd(into, hi, load<f64>(bins + (<usize>(hi - offset) << 3)), maxBins);
  for (let k = lo; k < hi; k++) {
    const c = load<f64>(bins + (<usize>(k - offset) << 3));
    if (c != 0) storeAdd(into, k, c, maxBins);
  }
}
