// Space-Saving's index from item to counter: open addressing with linear probing and
// backward-shift deletion (no tombstones: evictions happen on every miss once the sketch is full).

import { counterAt, homeSlot } from './space-saving-layout';

/** Counter of the item at p[0..len), or -1. */
export function findCounter(s: usize, p: usize, len: i32, hash: u32): i32 {
  const index = load<usize>(s, 36);
  const shift = load<u32>(s, 40);
  const mask: u32 = (<u32>0xffffffff) >>> shift;
  const counters = load<usize>(s, 16);
  const arena = load<usize>(s, 44);
  let slot = homeSlot(hash, shift);
  while (true) {
    const e = load<u32>(index + (<usize>slot << 2));
    if (e == 0) return -1;
    const cp = counters + (<usize>(e - 1) << 5);
    if (
      load<u32>(cp, 16) == hash &&
      load<i32>(cp, 12) == len &&
      memory.compare(arena + load<u32>(cp, 8), p, <usize>len) == 0
    ) {
      return <i32>e - 1;
    }
    slot = (slot + 1) & mask;
  }
}

export function indexInsert(s: usize, c: i32, hash: u32): void {
  const index = load<usize>(s, 36);
  const shift = load<u32>(s, 40);
  const mask: u32 = (<u32>0xffffffff) >>> shift;
  let slot = homeSlot(hash, shift);
  while (load<u32>(index + (<usize>slot << 2)) != 0) slot = (slot + 1) & mask;
  store<u32>(index + (<usize>slot << 2), <u32>c + 1);
}

/** Removes counter c from the index, shifting later entries of its probe run back into the hole. */
export function indexRemove(s: usize, c: i32, hash: u32): void {
  const index = load<usize>(s, 36);
  const shift = load<u32>(s, 40);
  const mask: u32 = (<u32>0xffffffff) >>> shift;
  let hole = homeSlot(hash, shift);
  while (load<u32>(index + (<usize>hole << 2)) != <u32>c + 1) hole = (hole + 1) & mask;
  let j = hole;
  while (true) {
    j = (j + 1) & mask;
    const e = load<u32>(index + (<usize>j << 2));
    if (e == 0) break;
    const home = homeSlot(load<u32>(counterAt(s, <i32>e - 1), 16), shift);
    // The entry at j may fill the hole only if its home is not cyclically within (hole, j].
    const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
    if (stays) continue;
    store<u32>(index + (<usize>hole << 2), e);
    hole = j;
  }
  store<u32>(index + (<usize>hole << 2), 0);
}
