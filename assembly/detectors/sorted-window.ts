// The last `cap` values of a series, kept twice in one raw region: in arrival order (a ring, to
// know which value leaves) and sorted ascending (for medians and ranks). mad.ts and spike-dip.ts
// embed its 16-byte header in their state; the region is a plain heap.alloc block, so a copy of
// linear memory holds it.
//
// Cost per push: two branch-free binary searches (O(log cap)) and one memory.copy of the values
// lying between the leaving value's rank and the arriving value's rank: O(cap) bytes moved in the
// worst case, about cap/3 values on stationary data. Kept instead of an O(log N) indexable tree
// because it measured fast enough where it matters: mad over 1M white-noise rows, release build,
// host copies included, on the shared 2-core machine: 8.7 M events/s at N = 8, 4.9 M at N = 64,
// 3.3 M at N = 1024, 1.7 M at N = 8192 with branching searches. At N = 64 their mispredicted
// branches cost more than the ~170 bytes moved: made branch-free, mad gained 1.23× at N = 64,
// 1.33× at N = 1024, 1.11× at N = 8192 and spike-dip 1.41× (same process, alternating, medians
// of 7). Walking the values into place one by one instead of the memory.copy was slower (0.7×).
//
// Header (at `w`):
//   0   buf    usize  region: ring at buf, sorted at buf + cap·8 (cap·16 bytes)
//   4   cap    i32
//   8   count  i32    values held, ≤ cap
//   12  head   i32    ring slot the next value goes to (the oldest one once full)

const BUF = 0;
const CAP = 4;
const COUNT = 8;
const HEAD = 12;
export const SORTED_WINDOW_BYTES: usize = 16;

/** Sets up an empty window of capacity cap ≥ 1 at header `w`. */
export function swInit(w: usize, cap: i32): void {
  store<usize>(w, heap.alloc(<usize>cap << 4), BUF);
  store<i32>(w, cap, CAP);
  store<i32>(w, 0, COUNT);
  store<i32>(w, 0, HEAD);
}

/** Releases the region (not the header, which lives in its owner's state). */
export function swFree(w: usize): void {
  heap.free(load<usize>(w, BUF));
}

/** Bytes of the region. */
// @ts-ignore: decorator
@inline
export function swRegionBytes(w: usize): i32 {
  return load<i32>(w, CAP) << 4;
}

// @ts-ignore: decorator
@inline
export function swCount(w: usize): i32 {
  return load<i32>(w, COUNT);
}

// @ts-ignore: decorator
@inline
export function swCapacity(w: usize): i32 {
  return load<i32>(w, CAP);
}

/** Address of the sorted values (count of them). */
// @ts-ignore: decorator
@inline
export function swSorted(w: usize): usize {
  return load<usize>(w, BUF) + (<usize>load<i32>(w, CAP) << 3);
}

// The searches are branch-free (Khuong & Morin's form): the loop runs ⌈log2 n⌉ times whatever the
// data, and each step picks the next base with a select (a cmov), not a jump. On noise every
// compare is a coin flip, so a branching search mispredicts about half its steps (~15 cycles
// each), more than the whole select chain costs.

/** First index in sorted[0, n) holding a value ≥ x. */
// @ts-ignore: decorator
@inline
export function lowerBound(sorted: usize, n: i32, x: f64): i32 {
  if (n <= 0) return 0;
  let base = sorted;
  let len = n;
  while (len > 1) {
    const half = len >> 1;
    base = select<usize>(base + (<usize>half << 3), base, load<f64>(base + (<usize>half << 3)) < x);
    len -= half;
  }
  return <i32>((base - sorted) >> 3) + i32(load<f64>(base) < x);
}

/** First index in sorted[0, n) holding a value > x. */
// @ts-ignore: decorator
@inline
function upperBound(sorted: usize, n: i32, x: f64): i32 {
  if (n <= 0) return 0;
  let base = sorted;
  let len = n;
  while (len > 1) {
    const half = len >> 1;
    base = select<usize>(base + (<usize>half << 3), base, load<f64>(base + (<usize>half << 3)) <= x);
    len -= half;
  }
  return <i32>((base - sorted) >> 3) + i32(load<f64>(base) <= x);
}

/** Adds x; once the window is full the oldest value leaves. x must not be NaN. */
export function swPush(w: usize, x: f64): void {
  const buf = load<usize>(w, BUF);
  const cap = load<i32>(w, CAP);
  const count = load<i32>(w, COUNT);
  const head = load<i32>(w, HEAD);
  const sorted = buf + (<usize>cap << 3);
  const slot = buf + (<usize>head << 3);
  if (count == cap) {
    // One move instead of delete + insert: only the values between the two ranks shift by one.
    const old = load<f64>(slot);
    const out = lowerBound(sorted, count, old);
    const into = upperBound(sorted, count, x);
    if (into > out) {
      memory.copy(sorted + (<usize>out << 3), sorted + (<usize>(out + 1) << 3), <usize>(into - 1 - out) << 3);
      store<f64>(sorted + (<usize>(into - 1) << 3), x);
    } else {
      memory.copy(sorted + (<usize>(into + 1) << 3), sorted + (<usize>into << 3), <usize>(out - into) << 3);
      store<f64>(sorted + (<usize>into << 3), x);
    }
  } else {
    const into = upperBound(sorted, count, x);
    memory.copy(sorted + (<usize>(into + 1) << 3), sorted + (<usize>into << 3), <usize>(count - into) << 3);
    store<f64>(sorted + (<usize>into << 3), x);
    store<i32>(w, count + 1, COUNT);
  }
  store<f64>(slot, x);
  store<i32>(w, head + 1 == cap ? 0 : head + 1, HEAD);
}

/** Median of sorted[0, n), n ≥ 1: the middle value, or the mean of the middle two as (a + b)·0.5. */
// @ts-ignore: decorator
@inline
export function medianOf(sorted: usize, n: i32): f64 {
  const h = n >> 1;
  if (n & 1) return load<f64>(sorted + (<usize>h << 3));
  return (load<f64>(sorted + (<usize>(h - 1) << 3)) + load<f64>(sorted + (<usize>h << 3))) * 0.5;
}

/**
 * Median of |sorted[i] − m| over i in [0, n), n ≥ 1, m the median of sorted (medianOf), in O(log n)
 * without building the deviations: the values left of m's rank, read leftwards, give one ascending
 * list A (m − s), those from it on give another,
 * B (s − m); the k-th smallest of their union is found by binary search on how many of the k+1
 * smallest come from A (the classic k-th of two sorted arrays). Each deviation is the same f64 as
 * |s − m| (rounding is symmetric), so the result equals sorting the deviations.
 */
export function medianDeviationOf(sorted: usize, n: i32, m: f64): f64 {
  // Any split with everything left of p ≤ m ≤ everything from p on will do (a value equal to m has
  // deviation 0 on either side), and the median's own rank is one: m is sorted[n/2] (n odd) or
  // (sorted[n/2 − 1] + sorted[n/2])·0.5, which rounds to within those two. No search needed.
  const p = n >> 1;
  const q = n - p;
  const k = (n - 1) >> 1; // lower middle rank (the middle one when n is odd)
  let lo = max(0, k + 1 - q);
  let hi = min(k + 1, p);
  while (lo < hi) {
    const i = (lo + hi) >>> 1;
    // i from A, j = k + 1 − i from B: too few from A while B's last taken exceeds A's next.
    if (devB(sorted, p, k - i, m) > devA(sorted, p, i, m)) lo = i + 1;
    else hi = i;
  }
  const i = lo;
  const j = k + 1 - i;
  const a = i > 0 ? devA(sorted, p, i - 1, m) : -Infinity;
  const b = j > 0 ? devB(sorted, p, j - 1, m) : -Infinity;
  const kth = max(a, b);
  if (n & 1) return kth;
  const na = i < p ? devA(sorted, p, i, m) : Infinity;
  const nb = j < q ? devB(sorted, p, j, m) : Infinity;
  return (kth + min(na, nb)) * 0.5;
}

/** A[t] = m − sorted[p − 1 − t]: deviations of the values below m, ascending. */
// @ts-ignore: decorator
@inline
function devA(sorted: usize, p: i32, t: i32, m: f64): f64 {
  return m - load<f64>(sorted + (<usize>(p - 1 - t) << 3));
}

/** B[t] = sorted[p + t] − m: deviations of the values ≥ m, ascending. */
// @ts-ignore: decorator
@inline
function devB(sorted: usize, p: i32, t: i32, m: f64): f64 {
  return load<f64>(sorted + (<usize>(p + t) << 3)) - m;
}

// ── saving (detector-state-format.ts) ──
//
// Saved window: cap i32, count i32, head i32, then the ring's first `count` slots (f64): the
// values in arrival order from slot 0 while not full (head = count then), every slot once full.
// The sorted copy is not saved: it is the ring's values in ascending order, rebuilt on load (equal
// values are the same bits, since −0 never gets in and NaN is refused), so it comes back bit for bit.

/** Saved windows larger than this are refused: (cap << 4) must stay an i32. */
const MAX_LOADED_CAP: i32 = 1 << 24;

/** Bytes swSave writes for the window at `w`. */
export function swSavedBytes(w: usize): i32 {
  return 12 + (load<i32>(w, COUNT) << 3);
}

/** Writes the window at `out`; returns the bytes written (swSavedBytes). */
export function swSave(w: usize, out: usize): i32 {
  const count = load<i32>(w, COUNT);
  store<i32>(out, load<i32>(w, CAP));
  store<i32>(out, count, 4);
  store<i32>(out, load<i32>(w, HEAD), 8);
  memory.copy(out + 12, load<usize>(w, BUF), <usize>count << 3);
  return 12 + (count << 3);
}

/**
 * Sets up the window at header `w` from saved bytes at from[0, avail): the bytes consumed, or −1
 * (nothing allocated) when they are not a saved window of capacity `cap` (−1: any capacity).
 */
export function swLoad(w: usize, from: usize, avail: i32, cap: i32): i32 {
  if (avail < 12) return -1;
  const savedCap = load<i32>(from);
  const count = load<i32>(from, 4);
  const head = load<i32>(from, 8);
  if (savedCap < 1 || savedCap > MAX_LOADED_CAP || (cap >= 0 && savedCap != cap)) return -1;
  if (count < 0 || count > savedCap) return -1;
  if (count < savedCap ? head != count : head < 0 || head >= savedCap) return -1;
  const bytes = 12 + (count << 3);
  if (avail < bytes) return -1;
  for (let i = 0; i < count; i++) {
    const x = load<f64>(from + 12 + (<usize>i << 3));
    if (x != x) return -1;
  }
  const buf = heap.alloc(<usize>savedCap << 4);
  const sorted = buf + (<usize>savedCap << 3);
  memory.copy(buf, from + 12, <usize>count << 3);
  memory.copy(sorted, from + 12, <usize>count << 3);
  heapSort(sorted, count);
  store<usize>(w, buf, BUF);
  store<i32>(w, savedCap, CAP);
  store<i32>(w, count, COUNT);
  store<i32>(w, head, HEAD);
  return bytes;
}

/** Sorts a[0, n) ascending in place (no NaN): O(n log n), no allocation. */
function heapSort(a: usize, n: i32): void {
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(a, i, n);
  for (let end = n - 1; end > 0; end--) {
    const top = load<f64>(a);
    store<f64>(a, load<f64>(a + (<usize>end << 3)));
    store<f64>(a + (<usize>end << 3), top);
    siftDown(a, 0, end);
  }
}

function siftDown(a: usize, i: i32, n: i32): void {
  const x = load<f64>(a + (<usize>i << 3));
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && load<f64>(a + (<usize>(c + 1) << 3)) > load<f64>(a + (<usize>c << 3))) c++;
    const y = load<f64>(a + (<usize>c << 3));
    if (!(y > x)) break;
    store<f64>(a + (<usize>i << 3), y);
    i = c;
  }
  store<f64>(a + (<usize>i << 3), x);
}
