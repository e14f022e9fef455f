// The Space-Saving sketch's memory layout (space-saving.ts says what the sketch does): its header,
// counters and buckets, and the fields' accessors.
//
// Sketch header (SS_HEADER bytes at s):
//   0  capacity  i32   m
//   4  used      i32   counters in use (≤ m)
//   8  n         f64   items added (+ weights merged in)
//   16 counters  usize m × COUNTER_BYTES
//   20 buckets   usize m × BUCKET_BYTES; a bucket is never empty, so m always suffice
//   24 freeBkt   i32   free-list head of buckets (linked through `next`), -1 = none
//   28 minBkt    i32   bucket of the smallest count, -1 when empty
//   32 maxBkt    i32   bucket of the largest count, -1 when empty
//   36 index     usize u32 per slot: counter index + 1, 0 = empty
//   40 shift     u32   32 − log2(slots)
//   44 arena     usize item bytes
//   48 arenaUsed u32
//   52 arenaCap  u32
//   56 arenaLive u32   bytes of items currently monitored
//
// Counter (COUNTER_BYTES): 0 error f64 · 8 off u32 (in arena) · 12 len i32 · 16 hash u32 ·
//   20 bucket i32 · 24 prev i32 · 28 next i32 (neighbours in the bucket, -1 = none).
// Bucket (BUCKET_BYTES): 0 count f64 · 8 head i32 · 12 tail i32 · 16 prev i32 (smaller count) ·
//   20 next i32 (larger count).

export const SS_HEADER: usize = 64;
export const COUNTER_BYTES: usize = 32;
export const BUCKET_BYTES: usize = 24;
export const SS_ENTRY_BYTES: i32 = 24;
// Merge candidates carry the item's hash too, so the rebuilt index needs no rehash by the host.
export const CAND_BYTES: usize = 32;

// ── header, counter and bucket fields ───────────────────────────────────────────────────────

// @ts-ignore: decorator
@inline export function counterAt(s: usize, c: i32): usize {
  return load<usize>(s, 16) + (<usize>c << 5);
}

// @ts-ignore: decorator
@inline export function bucketAt(s: usize, b: i32): usize {
  return load<usize>(s, 20) + <usize>b * BUCKET_BYTES;
}

// @ts-ignore: decorator
@inline export function counterCount(s: usize, c: i32): f64 {
  return load<f64>(bucketAt(s, load<i32>(counterAt(s, c), 20)));
}

// @ts-ignore: decorator
@inline export function itemPtrOf(s: usize, c: i32): usize {
  return load<usize>(s, 44) + load<u32>(counterAt(s, c), 8);
}

// Fibonacci hashing takes the slot from the high bits of hash × φ, so a caller's hash whose low
// bits are poor (or a plain FNV without a final mix) still spreads over the table.
// @ts-ignore: decorator
@inline export function homeSlot(hash: u32, shift: u32): u32 {
  return (hash * 0x9e3779b1) >>> shift;
}
