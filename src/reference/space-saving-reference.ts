// Space-Saving in plain TypeScript: the oracle of assembly/space-saving.ts. Same algorithm, same
// tie rules, a different structure — a min-heap keyed by (count, stamp) instead of the
// Stream-Summary buckets — so that tests which hold the two to identical states check the rules,
// not a shared implementation. `stamp` is when a counter reached its current count; the heap's
// minimum is then exactly the head of the WASM kernel's smallest bucket.
//
// Items are binary strings: one char per byte (latin1), so `<` on them is byte order, which is the
// order ties are broken in.

/** One monitored item: true count ∈ [count − error, count]. */
export interface SpaceSavingEntry {
  /** The item's bytes as a binary string (char code = byte). */
  readonly item: string;
  readonly count: number;
  readonly error: number;
}

interface Counter {
  item: string;
  count: number;
  error: number;
  stamp: number;
  heapAt: number;
}

/** count desc, then item bytes ascending: the output order and the rule for keeping m on merge. */
function before(a: { item: string; count: number }, b: { item: string; count: number }): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.item < b.item ? -1 : a.item > b.item ? 1 : 0;
}

/**
 * A Space-Saving sketch of m counters. Every item with frequency > n/m is monitored, and each
 * entry's count over-estimates its true count by at most its error ≤ n/m.
 */
export class SpaceSavingReference {
  private readonly byItem = new Map<string, Counter>();
  private readonly heap: Counter[] = [];
  private seq = 0;
  private added = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`space-saving capacity must be an integer ≥ 1, got ${capacity}`);
  }

  /** Items added, plus the n of every sketch merged in. */
  get n(): number {
    return this.added;
  }

  /** Counters in use. */
  get size(): number {
    return this.heap.length;
  }

  /** The smallest count once all m counters are in use, else 0: the error bound of every entry. */
  get minCount(): number {
    return this.heap.length < this.capacity ? 0 : this.heap[0]!.count;
  }

  /** Counts one occurrence of a binary-string item. */
  add(item: string): void {
    this.added++;
    const stamp = ++this.seq;
    const c = this.byItem.get(item);
    if (c) {
      c.count++;
      c.stamp = stamp;
      this.siftDown(c.heapAt);
      return;
    }
    if (this.heap.length < this.capacity) {
      this.push({ item, count: 1, error: 0, stamp, heapAt: 0 });
      return;
    }
    // Of the counters with the minimum count, the one that reached it first is replaced.
    const v = this.heap[0]!;
    this.byItem.delete(v.item);
    v.item = item;
    v.error = v.count;
    v.count++;
    v.stamp = stamp;
    this.byItem.set(item, v);
    this.siftDown(0);
  }

  /** Counts one occurrence of an item given as bytes. */
  addBytes(bytes: Uint8Array): void {
    this.add(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  }

  /** Up to k entries by count descending, ties by item bytes ascending. */
  top(k: number): SpaceSavingEntry[] {
    return this.heap
      .map(({ item, count, error }) => ({ item, count, error }))
      .sort(before)
      .slice(0, Math.max(0, k));
  }

  /**
   * Merges `other` in (Agarwal et al. 2012): summed counts and errors, a missing side counting as
   * its minimum; the m largest kept. Equal-count counters then rank, for replacement, in byte
   * order. Throws when capacities differ (the error bound needs equal m).
   */
  merge(other: SpaceSavingReference): void {
    if (other.capacity !== this.capacity) throw new RangeError(`cannot merge space-saving sketches of ${other.capacity} and ${this.capacity} counters`);
    const minThis = this.minCount;
    const minOther = other.minCount;
    const merged: { item: string; count: number; error: number }[] = [];
    for (const c of this.heap) {
      const o = other.byItem.get(c.item);
      merged.push({ item: c.item, count: c.count + (o ? o.count : minOther), error: c.error + (o ? o.error : minOther) });
    }
    if (other !== this) {
      for (const o of other.heap) {
        if (!this.byItem.has(o.item)) merged.push({ item: o.item, count: o.count + minThis, error: o.error + minThis });
      }
    }
    const kept = merged.sort(before).slice(0, this.capacity);
    kept.sort((a, b) => a.count - b.count || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
    this.added += other.added;
    this.byItem.clear();
    this.heap.length = 0;
    for (const { item, count, error } of kept) this.push({ item, count, error, stamp: ++this.seq, heapAt: 0 });
  }

  private push(c: Counter): void {
    c.heapAt = this.heap.length;
    this.heap.push(c);
    this.byItem.set(c.item, c);
    this.siftUp(c.heapAt);
  }

  private less(a: Counter, b: Counter): boolean {
    return a.count < b.count || (a.count === b.count && a.stamp < b.stamp);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const c = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p]!;
      if (!this.less(c, parent)) break;
      h[i] = parent;
      parent.heapAt = i;
      i = p;
    }
    h[i] = c;
    c.heapAt = i;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const c = h[i]!;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(h[r]!, h[l]!) ? r : l;
      const smallest = h[child]!;
      if (!this.less(smallest, c)) break;
      h[i] = smallest;
      smallest.heapAt = i;
      i = child;
    }
    h[i] = c;
    c.heapAt = i;
  }
}
