// The item bytes of a Space-Saving sketch: an arena owned by the sketch, compacted into a block of
// twice the live bytes when full.

import { counterAt } from './space-saving-layout';

/** Copies p[0..len) into the arena, compacting or growing it first when full; returns the offset. */
export function arenaAppend(s: usize, p: usize, len: i32): u32 {
  let used = load<u32>(s, 48);
  if (used + <u32>len > load<u32>(s, 52)) {
    // Live bytes of monitored items only: the caller has already zeroed the length of a counter
    // being replaced, so its old bytes are dropped here.
    const live = load<u32>(s, 56);
    let cap: u32 = 256;
    while (cap < (live + <u32>len) * 2) cap <<= 1;
    const old = load<usize>(s, 44);
    const fresh = heap.alloc(<usize>cap);
    used = 0;
    const n = load<i32>(s, 4);
    for (let c = 0; c < n; c++) {
      const cp = counterAt(s, c);
      const l = load<i32>(cp, 12);
      if (l == 0) continue;
      memory.copy(fresh + used, old + load<u32>(cp, 8), <usize>l);
      store<u32>(cp, used, 8);
      used += <u32>l;
    }
    if (old != 0) heap.free(old);
    store<usize>(s, fresh, 44);
    store<u32>(s, cap, 52);
  }
  memory.copy(load<usize>(s, 44) + used, p, <usize>len);
  store<u32>(s, used + <u32>len, 48);
  store<u32>(s, load<u32>(s, 56) + <u32>len, 56);
  return used;
}
