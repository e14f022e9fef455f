// The new contexts proposed on a row that made a new zero-level context, deduplicated per row,
// then stored.

import { hashSlot, tupleHash } from './context-hash';
import {
  CROSS_LEFTS, C_LEFT_ID, C_RIGHT_ID, GROUP_NEURONS, GROUP_SENSORS, MATCH_OFF, MAX_LEN, MEET_RIGHTS_OFF,
  NEURONS, NEW_CONTEXT_ID, POT_SET_STAMP, RIGHT_MASK_OFF, R_CAP, R_LEN, R_POOL, R_POT, R_POT_SET, R_PTR,
  SUB_RIGHTS_OFF, ctxAt, regionLen, regionPtr, reserve, setRegionLen, tail
} from './context-layout';
import { findOrAdd } from './context-store';
import {
  ZL_BIG_ORDER, ZL_BYTES, ZL_LEFT, ZL_NEURONS, ZL_ORDER, ZL_POOL, ZL_RIGHTS, ZL_SENSORS, zeroIndexCount, zeroIndexMark, zeroIndexMatched,
  zeroIndexTable
} from './context-zero-index';

/**
 * The potential new contexts of a row that made a zero-level context: for every zero-level
 * context of every left semi-context crossed last row (in id order, then dict order), the pair
 * (its left facts present last row, its right facts present now). Keeps the first of each pair;
 * returns how many distinct pairs there were, the zero-level context's own pair included.
 */
export function propose(s: usize, sensors: i32, bin: i32, groupHash: i64, stamp: i32): i32 {
  const t = tail(s);
  const maxLen = load<i32>(s, MAX_LEN);
  // The new zero-level context is not proposed again: its (left, right) is left out of `take`.
  const skip = ctxAt(s, load<i32>(s, NEW_CONTEXT_ID));
  const skipLeft = load<i32>(skip, C_LEFT_ID);
  const skipRight = 1 << load<i32>(skip, C_RIGHT_ID);
  const prevSensors = load<i32>(s, GROUP_SENSORS);
  const potBytes = <usize>(16 + (maxLen << 2) + 7) & ~7;
  // Zero-level contexts whose right facts meet this row's; those all present are left out when
  // their left was fully present.
  const meetRights = load<i32>(t + MEET_RIGHTS_OFF + (<usize>bin << 2));
  const subRights = load<i32>(t + SUB_RIGHTS_OFF + (<usize>bin << 2));
  let unique = 0;
  const groupSeen = seenInsert(s, groupHash, sensors, stamp);
  if (groupSeen) unique++;
  const nLefts = load<i32>(s, CROSS_LEFTS);
  // Which neurons of each zero-level left were in last row's group (its neurons are still NEURONS).
  zeroIndexMark(s, s + NEURONS, load<i32>(s, GROUP_NEURONS), nLefts, stamp);
  const table = zeroIndexTable(s);
  const zeroLefts = zeroIndexCount(s);
  // The zero-level lefts in id order: their table entries hold what the filters read; only a
  // left that proposes something is read from its record (its dict).
  for (let z = 0; z < zeroLefts; z++) {
    const e = table + <usize>z * ZL_BYTES;
    const leftId = load<i32>(e, ZL_LEFT);
    if (leftId >= nLefts) break;
    const candidates = load<i32>(e, ZL_RIGHTS) & meetRights;
    if (candidates == 0) continue;
    const leftSensors = <i32>load<u8>(e, ZL_SENSORS);
    const sensorMatch = leftSensors & prevSensors;
    // The left facts present last row: its sensor facts among the group's, then its neuron
    // facts among the group's (in pool order, ascending).
    const room = maxLen - popcnt(sensorMatch);
    if (room < 0) continue;
    let present = zeroIndexMatched(e, stamp);
    const k = <i32>popcnt(present);
    if (k > room) continue; // more than maxLen facts present
    const m = popcnt(sensorMatch) + k;
    if (m == 0) continue;
    const count = <i32>load<u8>(e, ZL_NEURONS);
    const full = m == popcnt(leftSensors) + count;
    let take = full ? candidates & ~subRights : candidates;
    if (leftId == skipLeft) take &= ~skipRight;
    if (take == 0) continue;
    const match = t + MATCH_OFF;
    const pool = regionPtr(s, R_POOL) + (<usize>load<i32>(e, ZL_POOL) << 2);
    for (let i = 0; present != 0; i++) {
      store<i32>(match + (<usize>i << 2), load<i32>(pool + (<usize>ctz(present) << 2)));
      present &= present - 1;
    }
    const leftHash = tupleHash(sensorMatch, match, k);
    // In dict order: slot order while the dict is small, right id order once it is big.
    const order = load<i32>(e, ZL_ORDER);
    const small = order != ZL_BIG_ORDER;
    let rest = take;
    for (let j = 0; rest != 0; j++) {
      let r: i32;
      if (small) {
        if (j == (order & 7)) break;
        r = (order >>> (3 + 5 * j)) & 31;
        if (((rest >>> r) & 1) == 0) continue;
      } else {
        r = ctz(rest);
      }
      rest &= ~(1 << r);
      const rightMatch = load<i32>(t + RIGHT_MASK_OFF + (<usize>r << 2)) & sensors;
      if (!seenInsert(s, leftHash, rightMatch, stamp)) continue;
      unique++;
      const n = regionLen(s, R_POT);
      const pp = reserve(s, R_POT, n + 1, potBytes, 0) + <usize>n * potBytes;
      setRegionLen(s, R_POT, n + 1);
      store<i64>(pp, leftHash);
      store<i32>(pp, sensorMatch, 8);
      store<i32>(pp, rightMatch | (k << 16), 12);
      memory.copy(pp + 16, match, <usize>k << 2);
    }
  }
  return unique;
}

/** Adds (left hash, right facts) to this row's set of proposals; false when already there. */
function seenInsert(s: usize, h: i64, rightMask: i32, stamp: i32): bool {
  let cap = load<i32>(s + R_POT_SET, R_CAP);
  // Entries carry their row's stamp: on a new row the set is empty without clearing it.
  if (load<i32>(s, POT_SET_STAMP) != stamp) {
    store<i32>(s, stamp, POT_SET_STAMP);
    setRegionLen(s, R_POT_SET, 0);
  }
  const n = regionLen(s, R_POT_SET);
  if (n * 2 + 2 > cap) {
    const next = max(cap * 2, 64);
    const p = heap.alloc(<usize>next << 4);
    memory.fill(p, 0, <usize>next << 4);
    const old = regionPtr(s, R_POT_SET);
    for (let i = 0; i < cap; i++) {
      const e = old + (<usize>i << 4);
      if (load<i32>(e, 12) == stamp) seenPlace(p, next - 1, load<i64>(e), load<i32>(e, 8), stamp);
    }
    if (old != 0) heap.free(old);
    store<usize>(s + R_POT_SET, p, R_PTR);
    store<i32>(s + R_POT_SET, next, R_CAP);
    cap = next;
  }
  const added = seenPlace(regionPtr(s, R_POT_SET), cap - 1, h, rightMask, stamp);
  if (added) store<i32>(s + R_POT_SET, n + 1, R_LEN);
  return added;
}

function seenPlace(t: usize, mask: i32, h: i64, rightMask: i32, stamp: i32): bool {
  let i = hashSlot(h ^ <i64>rightMask, mask);
  for (;;) {
    const e = t + (<usize>i << 4);
    if (load<i32>(e, 12) != stamp) {
      store<i64>(e, h);
      store<i32>(e, rightMask, 8);
      store<i32>(e, stamp, 12);
      return true;
    }
    if (load<i64>(e) == h && load<i32>(e, 8) == rightMask) return false;
    i = (i + 1) & mask;
  }
  return false; // not reached: the set is at most half full
}

/** getContextByFacts over this row's proposals, in order: how many were new. */
export function addProposed(s: usize): i32 {
  const n = regionLen(s, R_POT);
  const maxLen = load<i32>(s, MAX_LEN);
  const potBytes = <usize>(16 + (maxLen << 2) + 7) & ~7;
  let added = 0;
  for (let i = 0; i < n; i++) {
    const pp = regionPtr(s, R_POT) + <usize>i * potBytes;
    const packed = load<i32>(pp, 12);
    const c = findOrAdd(s, load<i32>(pp, 8), pp + 16, packed >>> 16, load<i64>(pp), packed & 0xffff, false);
    if (c != -1 && (c & (1 << 31)) != 0) added++;
  }
  return added;
}
