// Top-k heavy hitters: Space-Saving (Metwally, Agrawal, El Abbadi 2005) over byte-string items,
// with the mergeable-summaries merge (Agarwal et al. 2012). One sketch is one raw block; nothing
// here allocates managed objects, so a sketch can live in a window slot as a pointer.
//
// Guarantees, with m counters and n added items (weights of merged sketches summed):
//   - every item with true frequency f > n/m is monitored;
//   - a monitored item's count c and error e satisfy c − e ≤ f ≤ c and e ≤ min counter ≤ n/m;
//   - after merging two sketches of equal m: the same, with n = nA + nB (the error of an entry is
//     at most minA + minB ≤ nA/m + nB/m).
//
// Finding the minimum: the Stream-Summary of the paper, not a heap, so an add is O(1) (amortised,
// for the arena). Counters of equal count share a bucket; buckets form a list by ascending count.
// Within a bucket, counters are in the order they reached that count, so the counter replaced
// when the sketch is full is the HEAD of the smallest bucket: of the counters with the minimum
// count, the one that reached it first. The TypeScript reference implements this same rule with
// (count, time it reached that count) keys; tests hold both to identical states.
//
// Item bytes are copied into an arena owned by the sketch (the caller's buffer is transient).
// A replaced item leaves garbage there; when the arena is full it is compacted into a block of
// twice the live bytes, so garbage never exceeds the live bytes by more than 2× and adds stay O(1)
// amortised. The index from item to counter is open addressing with linear probing and
// backward-shift deletion (no tombstones: evictions happen on every miss once the sketch is full).
//
// Top and merge entries (ENTRY_BYTES, also the ssTop output record):
//   0 count f64 · 8 error f64 · 16 itemPtr u32 · 20 itemLen i32.
//
// Files: space-saving-layout.ts (fields), space-saving-buckets.ts (Stream-Summary),
// space-saving-index.ts (item → counter), space-saving-arena.ts (item bytes), space-saving-order.ts,
// space-saving-merge.ts.

import { arenaAppend } from './space-saving-arena';
import { appendToBucket, increment, newBucket } from './space-saving-buckets';
import { findCounter, indexInsert, indexRemove } from './space-saving-index';
import { BUCKET_BYTES, CAND_BYTES, COUNTER_BYTES, SS_ENTRY_BYTES, SS_HEADER, bucketAt, counterAt, counterCount, itemPtrOf } from './space-saving-layout';
import { entryAt, sortEntries } from './space-saving-order';

// ── sketch ──────────────────────────────────────────────────────────────────────────────────

export function indexSlotsFor(capacity: i32): u32 {
  // Load factor ≤ 1/2 keeps linear probes short.
  let slots: u32 = 16;
  while (slots < <u32>capacity * 2) slots <<= 1;
  return slots;
}

/**
 * A sketch of `capacity` counters (m ≥ 1): every item more frequent than n/m is kept, with a count
 * over-estimated by at most n/m. Returns its address; release it with ssFree.
 */
export function ssCreate(capacity: i32): usize {
  assert(capacity >= 1, 'space-saving capacity must be ≥ 1');
  const s = heap.alloc(SS_HEADER);
  memory.fill(s, 0, SS_HEADER);
  store<i32>(s, capacity);
  store<usize>(s, heap.alloc(<usize>capacity * COUNTER_BYTES), 16);
  const buckets = heap.alloc(<usize>capacity * BUCKET_BYTES);
  store<usize>(s, buckets, 20);
  const slots = indexSlotsFor(capacity);
  const index = heap.alloc(<usize>slots << 2);
  memory.fill(index, 0, <usize>slots << 2);
  store<usize>(s, index, 36);
  store<u32>(s, 32 - ctz(slots), 40);
  resetStructure(s);
  return s;
}

/** Empties counters and buckets (not n); the index must be cleared by the caller. */
export function resetStructure(s: usize): void {
  const m = load<i32>(s);
  const buckets = load<usize>(s, 20);
  for (let b = 0; b < m; b++) store<i32>(buckets + <usize>b * BUCKET_BYTES, b + 1 < m ? b + 1 : -1, 20);
  store<i32>(s, 0, 4);
  store<i32>(s, 0, 24);
  store<i32>(s, -1, 28);
  store<i32>(s, -1, 32);
  store<u32>(s, 0, 48);
  store<u32>(s, 0, 56);
}

/** Releases a sketch and everything it owns. */
export function ssFree(s: usize): void {
  heap.free(load<usize>(s, 16));
  heap.free(load<usize>(s, 20));
  heap.free(load<usize>(s, 36));
  const arena = load<usize>(s, 44);
  if (arena != 0) heap.free(arena);
  heap.free(s);
}

/** The sketch's counter capacity m. */
export function ssCapacity(s: usize): i32 {
  return load<i32>(s);
}

/** Items added (n), plus the n of every sketch merged in. */
export function ssCount(s: usize): f64 {
  return load<f64>(s, 8);
}

/** Counters in use (≤ m). */
export function ssSize(s: usize): i32 {
  return load<i32>(s, 4);
}

/** The smallest count when all m counters are in use, else 0: the error bound of any entry. */
export function ssMinCount(s: usize): f64 {
  if (load<i32>(s, 4) < load<i32>(s)) return 0;
  return load<f64>(bucketAt(s, load<i32>(s, 28)));
}

/** Bytes this sketch holds in linear memory: header, counters, buckets, index and arena. */
export function ssBytes(s: usize): i32 {
  const m = <usize>load<i32>(s);
  const slots = (<usize>0xffffffff >>> load<u32>(s, 40)) + 1;
  return <i32>(SS_HEADER + m * COUNTER_BYTES + m * BUCKET_BYTES + (slots << 2) + <usize>load<u32>(s, 52));
}

/**
 * Counts one occurrence of the item at itemPtr[0..itemLen). `hash` is any 32-bit hash of the bytes;
 * the same item must always come with the same hash, and sketches that are merged must share the
 * hash function. The bytes are copied when the item is kept.
 */
export function ssAdd(s: usize, itemPtr: usize, itemLen: i32, hash: u32): void {
  store<f64>(s, load<f64>(s, 8) + 1, 8);
  const c = findCounter(s, itemPtr, itemLen, hash);
  if (c >= 0) {
    increment(s, c);
    return;
  }
  const used = load<i32>(s, 4);
  if (used < load<i32>(s)) {
    // A free counter: count 1, error 0, last among the counters of count 1.
    const cp = counterAt(s, used);
    store<i32>(cp, 0, 12); // not yet live: a compaction during the append must skip it
    const off = arenaAppend(s, itemPtr, itemLen);
    store<f64>(cp, 0);
    store<u32>(cp, off, 8);
    store<i32>(cp, itemLen, 12);
    store<u32>(cp, hash, 16);
    store<i32>(s, used + 1, 4);
    let b = load<i32>(s, 28);
    if (b < 0 || load<f64>(bucketAt(s, b)) != 1) b = newBucket(s, 1, -1, b);
    appendToBucket(s, b, used);
    indexInsert(s, used, hash);
    return;
  }
  // Full: the counter that reached the minimum count first takes the new item, with the minimum
  // as its error (the new item may have occurred up to that many times while not monitored).
  const v = load<i32>(bucketAt(s, load<i32>(s, 28)), 8);
  const vp = counterAt(s, v);
  indexRemove(s, v, load<u32>(vp, 16));
  store<u32>(s, load<u32>(s, 56) - <u32>load<i32>(vp, 12), 56);
  store<i32>(vp, 0, 12);
  const off = arenaAppend(s, itemPtr, itemLen);
  store<f64>(vp, counterCount(s, v));
  store<u32>(vp, off, 8);
  store<i32>(vp, itemLen, 12);
  store<u32>(vp, hash, 16);
  increment(s, v);
  indexInsert(s, v, hash);
}

/**
 * The batch path: ssAdd for each of n items, whose absolute byte addresses, lengths and hashes
 * are u32 / i32 / u32 columns at offsetsPtr, lensPtr and hashesPtr.
 */
export function ssAddMany(s: usize, offsetsPtr: usize, lensPtr: usize, hashesPtr: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const at = <usize>i << 2;
    ssAdd(s, <usize>load<u32>(offsetsPtr + at), load<i32>(lensPtr + at), load<u32>(hashesPtr + at));
  }
}

// ── queries ─────────────────────────────────────────────────────────────────────────────────

/**
 * Writes up to k entries, by count descending then item bytes ascending, to `out` (SS_ENTRY_BYTES
 * each: count f64, error f64, itemPtr i32, itemLen i32); returns how many. itemPtr points into the
 * sketch's arena: read the bytes before the next ssAdd, ssMerge or ssFree of this sketch.
 */
export function ssTop(s: usize, k: i32, out: usize): i32 {
  const used = load<i32>(s, 4);
  if (k <= 0 || used == 0) return 0;
  // Whole buckets from the largest count down until k counters are in hand: only the last bucket
  // taken needs its ties ordered, but sorting the few taken is simpler and as cheap.
  let taken = 0;
  let b = load<i32>(s, 32);
  const entries = heap.alloc(<usize>used * CAND_BYTES);
  while (b >= 0 && taken < k) {
    const bp = bucketAt(s, b);
    const count = load<f64>(bp);
    let c = load<i32>(bp, 8);
    while (c >= 0) {
      const e = entries + <usize>taken * CAND_BYTES;
      const cp = counterAt(s, c);
      store<f64>(e, count);
      store<f64>(e, load<f64>(cp), 8);
      store<u32>(e, <u32>itemPtrOf(s, c), 16);
      store<i32>(e, load<i32>(cp, 12), 20);
      taken++;
      c = load<i32>(cp, 28);
    }
    b = load<i32>(bp, 16);
  }
  const order = heap.alloc(<usize>taken << 2);
  sortEntries(entries, CAND_BYTES, order, taken);
  const n = min(k, taken);
  for (let i = 0; i < n; i++) {
    const e = entryAt(entries, CAND_BYTES, order, i);
    const o = out + <usize>i * <usize>SS_ENTRY_BYTES;
    store<f64>(o, load<f64>(e));
    store<f64>(o, load<f64>(e, 8), 8);
    store<u32>(o, load<u32>(e, 16), 16);
    store<i32>(o, load<i32>(e, 20), 20);
  }
  heap.free(order);
  heap.free(entries);
  return n;
}

/** Bytes per ssTop output entry (count f64, error f64, itemPtr i32, itemLen i32), for the host to check its mirror. */
export function ssEntryBytes(): i32 {
  return SS_ENTRY_BYTES;
}

// ── host staging ────────────────────────────────────────────────────────────────────────────

let stagingPtr: usize = 0;
let stagingCap: i32 = 0;

/**
 * A region of at least `bytes` bytes where the host writes items (and columns for ssAddMany) and
 * receives ssTop entries. Reused by every sketch of the instance; its contents are lost when a
 * larger size is asked for.
 */
export function ssStaging(bytes: i32): usize {
  if (bytes > stagingCap) {
    if (stagingPtr != 0) heap.free(stagingPtr);
    stagingCap = max(bytes, 4096);
    stagingPtr = heap.alloc(<usize>stagingCap);
  }
  return stagingPtr;
}
