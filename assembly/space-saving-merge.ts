// Merging Space-Saving sketches: the mergeable-summaries merge (Agarwal et al. 2012). Split from
// space-saving.ts, whose header describes the layout this reads and rebuilds.

import { resetStructure, ssMinCount } from './space-saving';
import { appendToBucket, newBucket } from './space-saving-buckets';
import { findCounter, indexInsert } from './space-saving-index';
import { CAND_BYTES, counterAt, counterCount, itemPtrOf } from './space-saving-layout';
import { entryAt, sortEntries } from './space-saving-order';
/**
 * Merges `from` into `into` (Agarwal et al. 2012): an item's count and error are the sums of its
 * two sides', where a side that does not monitor it contributes its minimum count (0 when not
 * full) to both, and the m largest by count (ties: item bytes ascending) are kept. Afterwards
 * every item with frequency > (nA + nB)/m is kept and every error is ≤ minA + minB ≤ (nA + nB)/m.
 * Counters of equal count then rank, for replacement, as if they had reached that count in byte
 * order. Both must have the same capacity (the bound needs it): returns 0 and changes nothing
 * otherwise, 1 when merged. `from` is left as it was; into == from doubles every count.
 */
export function ssMerge(into: usize, from: usize): i32 {
  const m = load<i32>(into);
  if (load<i32>(from) != m) return 0;
  const minInto = ssMinCount(into);
  const minFrom = ssMinCount(from);
  const usedInto = load<i32>(into, 4);
  const usedFrom = load<i32>(from, 4);
  const cands = heap.alloc(<usize>(usedInto + usedFrom) * CAND_BYTES + 1);
  let n = 0;
  for (let c = 0; c < usedInto; c++) {
    const cp = counterAt(into, c);
    const p = itemPtrOf(into, c);
    const len = load<i32>(cp, 12);
    const hash = load<u32>(cp, 16);
    let count = counterCount(into, c);
    let error = load<f64>(cp);
    const o = findCounter(from, p, len, hash);
    if (o >= 0) {
      count += counterCount(from, o);
      error += load<f64>(counterAt(from, o));
    } else {
      count += minFrom;
      error += minFrom;
    }
    writeCandidate(cands + <usize>(n++) * CAND_BYTES, count, error, p, len, hash);
  }
  if (from != into) {
    for (let c = 0; c < usedFrom; c++) {
      const cp = counterAt(from, c);
      const p = itemPtrOf(from, c);
      const len = load<i32>(cp, 12);
      const hash = load<u32>(cp, 16);
      if (findCounter(into, p, len, hash) >= 0) continue;
      writeCandidate(cands + <usize>(n++) * CAND_BYTES, counterCount(from, c) + minInto, load<f64>(cp) + minInto, p, len, hash);
    }
  }
  const order = heap.alloc(<usize>n * 4 + 4);
  sortEntries(cands, CAND_BYTES, order, n);
  const keep = min(n, m);

  // The kept items' bytes go to a fresh arena first: the candidates still point into the old one.
  let bytes: u32 = 0;
  for (let i = 0; i < keep; i++) bytes += load<u32>(entryAt(cands, CAND_BYTES, order, i), 20);
  let cap: u32 = 256;
  while (cap < bytes * 2) cap <<= 1;
  const arena = heap.alloc(<usize>cap);

  resetStructure(into);
  const slots = (<usize>0xffffffff >>> load<u32>(into, 40)) + 1;
  memory.fill(load<usize>(into, 36), 0, slots << 2);
  // Buckets are built by ascending count, so the kept prefix is walked backwards run by run and
  // each run of equal counts forwards: within a count, bytes ascending, as the tie rule says.
  let used: u32 = 0;
  let runEnd = keep;
  let c = 0;
  while (runEnd > 0) {
    const count = load<f64>(entryAt(cands, CAND_BYTES, order, runEnd - 1));
    let runStart = runEnd - 1;
    while (runStart > 0 && load<f64>(entryAt(cands, CAND_BYTES, order, runStart - 1)) == count) runStart--;
    const b = newBucket(into, count, load<i32>(into, 32), -1);
    for (let i = runStart; i < runEnd; i++) {
      const e = entryAt(cands, CAND_BYTES, order, i);
      const len = load<i32>(e, 20);
      const hash = load<u32>(e, 24);
      memory.copy(arena + used, <usize>load<u32>(e, 16), <usize>len);
      const cp = counterAt(into, c);
      store<f64>(cp, load<f64>(e, 8));
      store<u32>(cp, used, 8);
      store<i32>(cp, len, 12);
      store<u32>(cp, hash, 16);
      appendToBucket(into, b, c);
      indexInsert(into, c, hash);
      used += <u32>len;
      c++;
    }
    runEnd = runStart;
  }
  const oldArena = load<usize>(into, 44);
  if (oldArena != 0) heap.free(oldArena);
  store<usize>(into, arena, 44);
  store<u32>(into, cap, 52);
  store<u32>(into, used, 48);
  store<u32>(into, used, 56);
  store<i32>(into, keep, 4);
  store<f64>(into, load<f64>(into, 8) + load<f64>(from, 8), 8);
  heap.free(order);
  heap.free(cands);
  return 1;
}

// @ts-ignore: decorator
@inline function writeCandidate(e: usize, count: f64, error: f64, p: usize, len: i32, hash: u32): void {
  store<f64>(e, count);
  store<f64>(e, error, 8);
  store<u32>(e, <u32>p, 16);
  store<i32>(e, len, 20);
  store<u32>(e, hash, 24);
}
