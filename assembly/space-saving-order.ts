// The order of Space-Saving entries, shared by ssTop and ssMerge: count descending, then item
// bytes ascending. Entries are ENTRY records (see space-saving.ts) sorted through a permutation.

/** Entry a sorts before entry b: larger count first, then item bytes ascending (shorter prefix first). */
// @ts-ignore: decorator
@inline function entryBefore(a: usize, b: usize): bool {
  const ca = load<f64>(a);
  const cb = load<f64>(b);
  if (ca != cb) return ca > cb;
  const la = load<i32>(a, 20);
  const lb = load<i32>(b, 20);
  const d = memory.compare(<usize>load<u32>(a, 16), <usize>load<u32>(b, 16), <usize>min(la, lb));
  return d != 0 ? d < 0 : la < lb;
}

/**
 * Sorts n entries (stride `stride`, at `base`) by entryBefore, through an i32 permutation at
 * `order`. Heapsort: O(n log n) with no recursion and no extra memory; the order is total (items
 * are distinct), so instability does not matter.
 */
export function sortEntries(base: usize, stride: usize, order: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(order + (<usize>i << 2), i);
  // A max-heap under "sorts after", so popping to the back leaves the array in entryBefore order.
  for (let i = (n >> 1) - 1; i >= 0; i--) siftDown(base, stride, order, i, n);
  for (let end = n - 1; end > 0; end--) {
    const t = load<i32>(order);
    store<i32>(order, load<i32>(order + (<usize>end << 2)));
    store<i32>(order + (<usize>end << 2), t);
    siftDown(base, stride, order, 0, end);
  }
}

function siftDown(base: usize, stride: usize, order: usize, i: i32, n: i32): void {
  while (true) {
    const l = 2 * i + 1;
    if (l >= n) return;
    let worst = l;
    const r = l + 1;
    if (r < n && entryBefore(entryAt(base, stride, order, l), entryAt(base, stride, order, r))) worst = r;
    if (!entryBefore(entryAt(base, stride, order, i), entryAt(base, stride, order, worst))) return;
    const t = load<i32>(order + (<usize>i << 2));
    store<i32>(order + (<usize>i << 2), load<i32>(order + (<usize>worst << 2)));
    store<i32>(order + (<usize>worst << 2), t);
    i = worst;
  }
}

// @ts-ignore: decorator
@inline export function entryAt(base: usize, stride: usize, order: usize, i: i32): usize {
  return base + <usize>load<i32>(order + (<usize>i << 2)) * stride;
}
