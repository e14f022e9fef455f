// The Stream-Summary of Space-Saving: counters of equal count share a bucket, buckets form a list
// by ascending count, so the minimum is at hand and an increment is O(1).

import { bucketAt, counterAt } from './space-saving-layout';

export function newBucket(s: usize, count: f64, prev: i32, next: i32): i32 {
  const b = load<i32>(s, 24);
  const bp = bucketAt(s, b);
  store<i32>(s, load<i32>(bp, 20), 24);
  store<f64>(bp, count);
  store<i32>(bp, -1, 8);
  store<i32>(bp, -1, 12);
  store<i32>(bp, prev, 16);
  store<i32>(bp, next, 20);
  if (prev >= 0) store<i32>(bucketAt(s, prev), b, 20);
  else store<i32>(s, b, 28);
  if (next >= 0) store<i32>(bucketAt(s, next), b, 16);
  else store<i32>(s, b, 32);
  return b;
}

function freeBucket(s: usize, b: i32): void {
  const bp = bucketAt(s, b);
  const prev = load<i32>(bp, 16);
  const next = load<i32>(bp, 20);
  if (prev >= 0) store<i32>(bucketAt(s, prev), next, 20);
  else store<i32>(s, next, 28);
  if (next >= 0) store<i32>(bucketAt(s, next), prev, 16);
  else store<i32>(s, prev, 32);
  store<i32>(bp, load<i32>(s, 24), 20);
  store<i32>(s, b, 24);
}

/** Appends counter c at the tail of bucket b: it is the latest to have reached b's count. */
export function appendToBucket(s: usize, b: i32, c: i32): void {
  const bp = bucketAt(s, b);
  const cp = counterAt(s, c);
  const tail = load<i32>(bp, 12);
  store<i32>(cp, b, 20);
  store<i32>(cp, tail, 24);
  store<i32>(cp, -1, 28);
  if (tail >= 0) store<i32>(counterAt(s, tail), c, 28);
  else store<i32>(bp, c, 8);
  store<i32>(bp, c, 12);
}

/** Unlinks counter c from its bucket (which may become empty; the caller frees it). */
function detachFromBucket(s: usize, c: i32): void {
  const cp = counterAt(s, c);
  const bp = bucketAt(s, load<i32>(cp, 20));
  const prev = load<i32>(cp, 24);
  const next = load<i32>(cp, 28);
  if (prev >= 0) store<i32>(counterAt(s, prev), next, 28);
  else store<i32>(bp, next, 8);
  if (next >= 0) store<i32>(counterAt(s, next), prev, 24);
  else store<i32>(bp, prev, 12);
}

/** count(c) += 1, keeping buckets sorted and c last among the counters of its new count. */
export function increment(s: usize, c: i32): void {
  const b = load<i32>(counterAt(s, c), 20);
  const bp = bucketAt(s, b);
  const target = load<f64>(bp) + 1;
  const next = load<i32>(bp, 20);
  if (next >= 0 && load<f64>(bucketAt(s, next)) == target) {
    detachFromBucket(s, c);
    appendToBucket(s, next, c);
    if (load<i32>(bp, 8) < 0) freeBucket(s, b);
  } else if (load<i32>(bp, 8) == c && load<i32>(bp, 12) == c) {
    // Alone in its bucket and no bucket of count + 1: the bucket itself moves up.
    store<f64>(bp, target);
  } else {
    const nb = newBucket(s, target, b, next);
    detachFromBucket(s, c);
    appendToBucket(s, nb, c);
  }
}
