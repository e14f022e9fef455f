// The left semi-contexts holding a zero-level context (Python's crossed lefts that propose
// reads), kept beside the model in a compact table in left-id order, and listed under each of
// their neurons, so that propose
//   - finds which of a left's neurons were in last row's fact group by walking the group's
//     ≤ maxActive lists, instead of testing every neuron of every such left against the group;
//   - reads all it needs (zero-level rights in dict order, sensor facts, where the neurons are)
//     from one 32-byte entry, never the left's 128-byte record scattered over a model of megabytes.
//
// Why: on a row that makes a new zero-level context, propose visits every zero-level left. On
// NAB's art_noisy (white noise; 80% of its rows learn) that was ~1,100 lefts × 15 neurons =
// ~15,000 tests a learning row, where ~1,600 neurons were in the group, and ~1,100 left records
// (two cache lines each) from a ~7 MB model: cache misses, not instructions, were most of its time.
//
// The index is a function of the lefts and their zero-level bits, so it is never saved: ctxLoad
// builds it again (zeroIndexRebuild). Lefts become zero-level in id order on every NAB file (the
// current group's left is the newest one, or one made from an earlier group); one that does not
// is inserted in place and the lists are built again (their nodes name table positions). The
// catch: memory beside the model, ~4–8 bytes per neuron of every zero-level left, 32 per such left
// and 4 per context (on art_noisy, ~1,800 zero-level lefts; with context-left-lists.ts the
// derived indexes take its state from 6.52 to 7.37 MB).
//
// A neuron's list is one contiguous block (context-blocks.ts), not a linked list through a shared
// region: the group's ~15 lists hold ~1,600 entries on art_noisy, which as linked nodes were
// ~1,600 cache lines a learning row, and as blocks are ~100.
//
// Side block (ZERO_INDEX_BYTES, its address at the state's ZERO_INDEX):
//   0   heads   region, u32 per context id: its list's block (context-blocks.ts; 0 none) of i32
//               entries: table position · 64 + position of the neuron in the left's pool
//   12  table   region, per zero-level left, ascending left id (ZL_BYTES each):
//               0 left id i32, 4 zero-level rights i32 (bit per right id), 8 sensor facts u8,
//               9 neuron count u8 (≤ 64), 10 unused, 12 pool start i32, 16 order i32: the
//               zero-level right ids in the left's dict order while its dict is small (bits 0–2
//               how many, ≤ 5, then 5 bits each), −1 once big (dict order is then right id order),
//               20 row stamp of the mark i32, 24 mark u64 (bit per pool position of a neuron in
//               the group zeroIndexMark was given)

import {
  L_BIG, L_NEURONS, L_POOL, L_RIDS, L_SENSORS, L_SLOTS, L_ZERO_RIGHTS, R_CONTEXTS, R_LEFTS, R_POOL,
  R_ZERO_BITS, ZERO_INDEX, leftAt, regionLen, regionPtr, reserve, setRegionLen
} from './context-layout';
import { BLOCK_HEADER, blockAppend, blockLen, blocksFree } from './context-blocks';

const ZI_HEADS: usize = 0;
const ZI_TABLE: usize = 12;
/** Bytes of the lists' blocks (for zeroIndexBytes). */
const ZI_LIST_BYTES: usize = 24;
const ZERO_INDEX_BYTES: usize = 28;

export const ZL_BYTES: usize = 32;
export const ZL_LEFT = 0;
export const ZL_RIGHTS = 4;
export const ZL_SENSORS = 8;
export const ZL_NEURONS = 9;
export const ZL_POOL = 12;
export const ZL_ORDER = 16;
const ZL_STAMP = 20;
const ZL_MARK = 24;
/** ZL_ORDER of a big dict. */
export const ZL_BIG_ORDER = -1;

// @ts-ignore: decorator
@inline
function zeroIndex(s: usize): usize {
  return load<usize>(s, ZERO_INDEX);
}

/** An empty index for state `s` (at create and load). */
export function zeroIndexCreate(s: usize): void {
  const z = heap.alloc(ZERO_INDEX_BYTES);
  memory.fill(z, 0, ZERO_INDEX_BYTES);
  store<usize>(s, z, ZERO_INDEX);
}

/** Releases the index's lists, regions and block. */
export function zeroIndexFree(s: usize): void {
  const z = zeroIndex(s);
  const heads = regionPtr(z, ZI_HEADS);
  blocksFree(heads, regionLen(z, ZI_HEADS));
  if (heads != 0) heap.free(heads);
  const table = regionPtr(z, ZI_TABLE);
  if (table != 0) heap.free(table);
  heap.free(z);
}

/** Bytes the index holds (its lists, its regions' capacities and the block). */
export function zeroIndexBytes(s: usize): i32 {
  const z = zeroIndex(s);
  return <i32>ZERO_INDEX_BYTES + load<i32>(z, ZI_LIST_BYTES) + load<i32>(z + ZI_HEADS, 8) * 4 + load<i32>(z + ZI_TABLE, 8) * <i32>ZL_BYTES;
}

/** The table of zero-level lefts, ascending left id, and how many (zeroIndexCount). */
// @ts-ignore: decorator
@inline
export function zeroIndexTable(s: usize): usize {
  return regionPtr(zeroIndex(s), ZI_TABLE);
}

// @ts-ignore: decorator
@inline
export function zeroIndexCount(s: usize): i32 {
  return regionLen(zeroIndex(s), ZI_TABLE);
}

/**
 * Left `leftId` now holds a zero-level context (`isNew`: its first), or one more, or its dict grew
 * big: a new entry, or its rights and their dict order refreshed.
 */
export function zeroIndexNote(s: usize, leftId: i32, isNew: bool): void {
  const z = zeroIndex(s);
  const n = regionLen(z, ZI_TABLE);
  if (!isNew) {
    refresh(s, regionPtr(z, ZI_TABLE) + <usize>find(z, n, leftId) * ZL_BYTES, leftId);
    return;
  }
  const table = reserve(z, ZI_TABLE, n + 1, ZL_BYTES, 0);
  setRegionLen(z, ZI_TABLE, n + 1);
  const at = n == 0 || load<i32>(table + <usize>(n - 1) * ZL_BYTES, ZL_LEFT) < leftId ? n : find(z, n, leftId);
  const e = table + <usize>at * ZL_BYTES;
  if (at < n) memory.copy(e + ZL_BYTES, e, <usize>(n - at) * ZL_BYTES);
  const l = leftAt(s, leftId);
  store<i32>(e, leftId, ZL_LEFT);
  refresh(s, e, leftId);
  store<u8>(e, <u8>load<i32>(l, L_SENSORS), ZL_SENSORS);
  store<u8>(e, <u8>load<i32>(l, L_NEURONS), ZL_NEURONS);
  store<i32>(e, load<i32>(l, L_POOL), ZL_POOL);
  store<i32>(e, 0, ZL_STAMP);
  store<u64>(e, 0, ZL_MARK);
  if (at == n) {
    listNeurons(s, z, at);
  } else {
    // Positions after `at` moved: list everything again.
    const heads = regionPtr(z, ZI_HEADS);
    for (let c = 0; c < regionLen(z, ZI_HEADS); c++) {
      const list = load<usize>(heads + (<usize>c << 2));
      if (list != 0) store<i32>(list, 0);
    }
    for (let i = 0; i <= n; i++) listNeurons(s, z, i);
  }
}

/** Whether left `leftId` is in the table (holds a zero-level context). */
export function zeroIndexHolds(s: usize, leftId: i32): bool {
  return (load<i32>(regionPtr(s, R_ZERO_BITS) + (<usize>(leftId >> 5) << 2)) & (1 << (leftId & 31))) != 0;
}

/** Copies the left's zero-level rights into entry `e`, in its dict's order. */
function refresh(s: usize, e: usize, leftId: i32): void {
  const l = leftAt(s, leftId);
  const rights = load<i32>(l, L_ZERO_RIGHTS);
  store<i32>(e, rights, ZL_RIGHTS);
  if (load<i32>(l, L_BIG) >= 0) {
    store<i32>(e, ZL_BIG_ORDER, ZL_ORDER);
    return;
  }
  // A small dict's keys keep their slots until it grows big (context-dict.ts), so this order
  // changes only when a right joins (zeroIndexNote is called then).
  let order = 0;
  let k = 0;
  for (let j = 0; j < 8; j++) {
    if (load<i32>(l + L_SLOTS + (<usize>j << 2)) < 0) continue;
    const r = <i32>load<u8>(l + L_RIDS + <usize>j);
    if (((rights >>> r) & 1) == 0) continue;
    order |= r << (3 + 5 * k);
    k++;
  }
  store<i32>(e, order | k, ZL_ORDER);
}

/** First table position in [0, n) whose left id is ≥ leftId. */
function find(z: usize, n: i32, leftId: i32): i32 {
  const table = regionPtr(z, ZI_TABLE);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<i32>(table + <usize>mid * ZL_BYTES, ZL_LEFT) < leftId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Lists table entry `at` under each of its neurons. */
function listNeurons(s: usize, z: usize, at: i32): void {
  const e = regionPtr(z, ZI_TABLE) + <usize>at * ZL_BYTES;
  const count = <i32>load<u8>(e, ZL_NEURONS);
  if (count == 0) return;
  const contexts = regionLen(s, R_CONTEXTS);
  const heads = reserve(z, ZI_HEADS, contexts, 4, 0);
  if (regionLen(z, ZI_HEADS) < contexts) setRegionLen(z, ZI_HEADS, contexts);
  const pool = regionPtr(s, R_POOL) + (<usize>load<i32>(e, ZL_POOL) << 2);
  for (let i = 0; i < count; i++) {
    const head = heads + (<usize>load<i32>(pool + (<usize>i << 2)) << 2);
    store<i32>(blockAppend(head, 4, z + ZI_LIST_BYTES), (at << 6) | i);
  }
}

/** The index of a loaded state: every left holding a zero-level context, in id order. */
export function zeroIndexRebuild(s: usize): void {
  const nLefts = regionLen(s, R_LEFTS);
  for (let id = 0; id < nLefts; id++) {
    if (zeroIndexHolds(s, id)) zeroIndexNote(s, id, true);
  }
}

/**
 * Marks, in every table entry of a left with id < nLefts, the pool positions of its neurons among
 * `ids` (n context ids: last row's group), under row stamp `stamp`, for zeroIndexMatched.
 */
export function zeroIndexMark(s: usize, ids: usize, n: i32, nLefts: i32, stamp: i32): void {
  const z = zeroIndex(s);
  const table = regionPtr(z, ZI_TABLE);
  const heads = regionPtr(z, ZI_HEADS);
  const listed = regionLen(z, ZI_HEADS);
  for (let i = 0; i < n; i++) {
    const c = load<i32>(ids + (<usize>i << 2));
    if (c >= listed) continue;
    const list = load<usize>(heads + (<usize>c << 2));
    const end = list + BLOCK_HEADER + (<usize>blockLen(list) << 2);
    for (let p = list + BLOCK_HEADER; p < end; p += 4) {
      const packed = load<i32>(p);
      const e = table + <usize>(packed >>> 6) * ZL_BYTES;
      if (load<i32>(e, ZL_LEFT) >= nLefts) continue; // made after last row's crossing: not propose's
      const bit: u64 = <u64>1 << <u64>(packed & 63);
      if (load<i32>(e, ZL_STAMP) == stamp) {
        store<u64>(e, load<u64>(e, ZL_MARK) | bit, ZL_MARK);
      } else {
        store<u64>(e, bit, ZL_MARK);
        store<i32>(e, stamp, ZL_STAMP);
      }
    }
  }
}

/** Bit per pool position of table entry `e`'s neurons in the group zeroIndexMark was given (0: none). */
// @ts-ignore: decorator
@inline
export function zeroIndexMatched(e: usize, stamp: i32): u64 {
  return load<i32>(e, ZL_STAMP) == stamp ? load<u64>(e, ZL_MARK) : 0;
}
