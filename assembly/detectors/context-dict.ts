// A left semi-context's {right id → context id}, laid out as CPython 2.7's dict would be: its
// iteration order decides which contexts Python proposed first, and so their ids.

import {
  C_RIGHT_ID, L_BIG, L_BIG_RIGHTS, L_RIDS, L_SIZE, L_SLOTS, R_BIG, ctxAt, leftAt, regionLen, regionPtr, reserve,
  setRegionLen
} from './context-layout';
import { zeroIndexHolds, zeroIndexNote } from './context-zero-index';

/** The context of (left l, right id r), or −1. */
export function dictGet(s: usize, l: usize, r: i32): i32 {
  const big = load<i32>(l, L_BIG);
  if (big >= 0) return load<i32>(regionPtr(s, R_BIG) + (<usize>big << 7) + (<usize>r << 2));
  let i = r & 7;
  let perturb = r;
  for (;;) {
    const c = load<i32>(l + L_SLOTS + (<usize>i << 2));
    if (c < 0) return -1;
    if (load<i32>(ctxAt(s, c), C_RIGHT_ID) == r) return c;
    i = (i * 5 + perturb + 1) & 7;
    perturb >>= 5;
  }
  return -1; // not reached: at most 5 of the 8 slots are used
}

/**
 * Inserts (right id r → context c), not present. CPython resizes an 8-slot table when its 6th key
 * arrives, to 32 slots (4·6 = 24 → 32); keys < 32 then sit at slot = key, which later resizes keep.
 */
export function dictInsert(s: usize, leftId: i32, r: i32, c: i32): void {
  let l = leftAt(s, leftId);
  const size = load<i32>(l, L_SIZE) + 1;
  store<i32>(l, size, L_SIZE);
  let big = load<i32>(l, L_BIG);
  if (big < 0 && size < 6) {
    let i = r & 7;
    let perturb = r;
    while (load<i32>(l + L_SLOTS + (<usize>i << 2)) >= 0) {
      i = (i * 5 + perturb + 1) & 7;
      perturb >>= 5;
    }
    store<i32>(l + L_SLOTS + (<usize>i << 2), c);
    store<u8>(l + L_RIDS + <usize>i, <u8>r);
    return;
  }
  if (big < 0) {
    big = regionLen(s, R_BIG);
    const p = reserve(s, R_BIG, big + 1, 128, 0xff);
    setRegionLen(s, R_BIG, big + 1);
    l = leftAt(s, leftId);
    store<i32>(l, big, L_BIG);
    const block = p + (<usize>big << 7);
    let rights = 0;
    for (let i = 0; i < 8; i++) {
      const old = load<i32>(l + L_SLOTS + (<usize>i << 2));
      if (old < 0) continue;
      const oldRight = load<i32>(ctxAt(s, old), C_RIGHT_ID);
      store<i32>(block + (<usize>oldRight << 2), old);
      rights |= 1 << oldRight;
    }
    store<i32>(l, rights, L_BIG_RIGHTS);
    // Its contexts' order is now right id order: the zero index keeps a zero-level left's.
    if (zeroIndexHolds(s, leftId)) zeroIndexNote(s, leftId, false);
  }
  store<i32>(regionPtr(s, R_BIG) + (<usize>big << 7) + (<usize>r << 2), c);
  store<i32>(l, load<i32>(l, L_BIG_RIGHTS) | (1 << r), L_BIG_RIGHTS);
}
