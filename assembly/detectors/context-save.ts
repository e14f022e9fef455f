// Saving and loading a context detector's state (format word: detector-state-format.ts).
//
// Saved body, after the format word:
//   u32 headerBytes (NEURONS + 4·maxActive + INLINE_TAIL_BYTES), then the header as it is with its
//   region descriptors and the derived indexes' addresses (112 … 252) zeroed: params, range, counters, the rest-period history
//   (EVENTS, LAST_HIGH), the current fact group, CORR0, the right semi-contexts and every inline
//   table; then, per region in SAVED_REGIONS order, i32 n and n elements:
//   contexts (64 bytes), lefts (128: CPython dict slots, right ids, perfect/fresh bits, owed rows),
//   pool (4), index nodes (16), big dict blocks (128), zero-level bits (4), full lefts (4), group
//   bits (4; n = the region's capacity, which is what its readers index by).
// Everything in the regions is an index, never an address, so the elements copy as they are. Not
// saved: the left-hash table, which is a function of the lefts (each left's hash is unique and in
// the left; rebuilt at the capacity it had), and the proposals and their set, which only live
// within one step (emptied before use: R_POT's length is reset, R_POT_SET's entries carry their
// row's stamp). Loaded regions have capacity = length; growth from there is the usual doubling.

import { insertLeftHash } from './context-hash';
import { zeroIndexCreate, zeroIndexRebuild } from './context-zero-index';
import { leftListsCreate, leftListsRebuild } from './context-left-lists';
import { settleBoundsCreate } from './context-settle-bounds';
import { flushLeft } from './context-statistics';
import {
  BITS, CROSS_LEFTS, CTX_BYTES, C_HEAD, C_LEFT_ID, C_RIGHT_ID, GROUP_NEURONS, INLINE_TAIL_BYTES,
  LEFT_BYTES, L_BIG, L_BIG_RIGHTS, L_HASH, L_NEURONS, L_POOL, L_RIDS, L_SLOTS, MAX_ACTIVE, MAX_CONTEXTS, MAX_LEN,
  NEURONS, RIGHT_BY_MASK_OFF, RIGHT_COUNT, R_BIG, R_CAP, R_CONTEXTS, R_FULL, R_GROUP_BITS, R_LEFTS,
  R_LEFT_HASH, R_LEN, R_NODES, R_POOL, R_PTR, R_ZERO_BITS, SENSOR_ONLY_OFF, TOP_K, leftAt, regionLen,
  regionPtr
} from './context-layout';
import { DETECTOR_CONTEXT } from './detector-output';
import { CONTEXT_STATE_VERSION, STATE_FORMAT_BYTES, stateFormatWord } from './detector-state-format';

const SAVED_REGIONS: StaticArray<usize> = [R_CONTEXTS, R_LEFTS, R_POOL, R_NODES, R_BIG, R_ZERO_BITS, R_FULL, R_GROUP_BITS];
const SAVED_ELEMENT: StaticArray<i32> = [<i32>CTX_BYTES, <i32>LEFT_BYTES, 4, 16, 128, 4, 4, 4];
/** First and end byte of the header's region descriptors (R_CONTEXTS … R_POT_SET) and the derived indexes' addresses. */
const REGIONS_START: usize = 112;
const REGIONS_END: usize = 256;

// @ts-ignore: decorator
@inline
function headerBytesOf(maxActive: i32): i32 {
  return <i32>(NEURONS + INLINE_TAIL_BYTES) + (maxActive << 2);
}

/** Elements saved of region SAVED_REGIONS[i]: its length, or for the group bits its capacity. */
// @ts-ignore: decorator
@inline
function savedCount(s: usize, r: usize): i32 {
  return r == R_GROUP_BITS ? load<i32>(s + r, R_CAP) : regionLen(s, r);
}

/** Bytes ctxSave writes. */
export function ctxSavedBytes(s: usize): i32 {
  let bytes = STATE_FORMAT_BYTES + 4 + headerBytesOf(load<i32>(s, MAX_ACTIVE));
  for (let i = 0; i < SAVED_REGIONS.length; i++) bytes += 4 + savedCount(s, SAVED_REGIONS[i]) * SAVED_ELEMENT[i];
  return bytes;
}

/**
 * Writes the state's position-independent bytes at `out` (ctxSavedBytes of them), after settling
 * every left: which lefts owe rows depends on the settle bounds, which are not saved
 * (context-settle-bounds.ts), so settled is the one form every history of a model saves as.
 * Settling is exact and allocates nothing; the sizes stay ctxSavedBytes's.
 */
export function ctxSave(s: usize, out: usize): void {
  const nLefts = regionLen(s, R_LEFTS);
  for (let id = 0; id < nLefts; id++) flushLeft(s, leftAt(s, id));
  const hb = headerBytesOf(load<i32>(s, MAX_ACTIVE));
  store<u32>(out, stateFormatWord(DETECTOR_CONTEXT, CONTEXT_STATE_VERSION));
  store<i32>(out, hb, 4);
  let at = out + 8;
  memory.copy(at, s, <usize>hb);
  memory.fill(at + REGIONS_START, 0, REGIONS_END - REGIONS_START);
  at += <usize>hb;
  for (let i = 0; i < SAVED_REGIONS.length; i++) {
    const r = SAVED_REGIONS[i];
    const n = savedCount(s, r);
    store<i32>(at, n);
    const bytes = <usize>n * <usize>SAVED_ELEMENT[i];
    if (bytes > 0) memory.copy(at + 4, regionPtr(s, r), bytes);
    at += 4 + bytes;
  }
}

/**
 * A new detector equal to the saved one at in[0, len), or 0 when the bytes are not a saved context
 * state whose every count and index stays inside its regions (checked before anything is
 * allocated, so a refused input leaks nothing and a loaded one cannot step outside its memory).
 */
export function ctxLoad(from: usize, len: i32): usize {
  if (len < 8 || load<u32>(from) != stateFormatWord(DETECTOR_CONTEXT, CONTEXT_STATE_VERSION)) return 0;
  const hb = load<i32>(from, 4);
  if (hb < headerBytesOf(1) || hb > headerBytesOf(64) || hb > len - 8) return 0;
  const h = from + 8;
  const maxActive = load<i32>(h, MAX_ACTIVE);
  if (maxActive < 1 || maxActive > 64 || hb != headerBytesOf(maxActive)) return 0;
  const maxLen = load<i32>(h, MAX_LEN);
  const bits = load<i32>(h, BITS);
  if (maxLen < 1 || maxLen > 64 || bits < 1 || bits > 3 || load<i32>(h, MAX_CONTEXTS) < 1) return 0;
  // Where each region's elements are in the input, and how many.
  const at = new StaticArray<usize>(SAVED_REGIONS.length);
  const count = new StaticArray<i32>(SAVED_REGIONS.length);
  let p = 8 + hb;
  for (let i = 0; i < SAVED_REGIONS.length; i++) {
    if (len - p < 4) return 0;
    const n = load<i32>(from + <usize>p);
    if (n < 0 || n > (len - p - 4) / SAVED_ELEMENT[i]) return 0;
    at[i] = from + <usize>(p + 4);
    count[i] = n;
    p += 4 + n * SAVED_ELEMENT[i];
  }
  if (p != len || !ctxIndexesValid(h, at, count)) return 0;

  const s = heap.alloc(<usize>hb);
  memory.copy(s, h, <usize>hb);
  memory.fill(s + REGIONS_START, 0, REGIONS_END - REGIONS_START);
  for (let i = 0; i < SAVED_REGIONS.length; i++) {
    const n = count[i];
    if (n == 0) continue;
    const r = SAVED_REGIONS[i];
    const bytes = <usize>n * <usize>SAVED_ELEMENT[i];
    const q = heap.alloc(bytes);
    memory.copy(q, at[i], bytes);
    store<usize>(s + r, q, R_PTR);
    store<i32>(s + r, r == R_GROUP_BITS ? 0 : n, R_LEN);
    store<i32>(s + r, n, R_CAP);
  }
  const nLefts = count[1];
  // A big dict's occupied right ids are a function of its block: derived here, not trusted (and
  // states saved before the field existed load the same).
  for (let id = 0; id < nLefts; id++) {
    const lp = leftAt(s, id);
    const big = load<i32>(lp, L_BIG);
    if (big < 0) continue;
    const block = regionPtr(s, R_BIG) + (<usize>big << 7);
    let rights = 0;
    for (let r = 0; r < 32; r++) if (load<i32>(block + (<usize>r << 2)) >= 0) rights |= 1 << r;
    store<i32>(lp, rights, L_BIG_RIGHTS);
  }
  if (nLefts > 0) {
    let cap = 64;
    while (nLefts * 2 > cap) cap *= 2;
    const t = heap.alloc(<usize>cap << 4);
    memory.fill(t, 0, <usize>cap << 4);
    for (let id = 0; id < nLefts; id++) insertLeftHash(t, cap - 1, load<i64>(leftAt(s, id), L_HASH), id);
    store<usize>(s + R_LEFT_HASH, t, R_PTR);
    store<i32>(s + R_LEFT_HASH, nLefts, R_LEN);
    store<i32>(s + R_LEFT_HASH, cap, R_CAP);
  }
  zeroIndexCreate(s);
  zeroIndexRebuild(s);
  leftListsCreate(s);
  leftListsRebuild(s);
  settleBoundsCreate(s, nLefts);
  return s;
}

/** In [lo, hi). */
// @ts-ignore: decorator
@inline
function within(v: i32, lo: i32, hi: i32): bool {
  return v >= lo && v < hi;
}

/**
 * Whether every id a step follows stays inside its region: what the kernel never checks while
 * stepping (the bounds are invariants of how it builds them). Also that no walk can loop: an index
 * node's `next` is an older node, and a small dict has an empty slot for its probe to stop at.
 */
function ctxIndexesValid(h: usize, at: StaticArray<usize>, count: StaticArray<i32>): bool {
  const nC = count[0];
  const nL = count[1];
  const nP = count[2];
  const nN = count[3];
  const nB = count[4];
  const nG = count[7];
  const rights = load<i32>(h, RIGHT_COUNT);
  if (nC > load<i32>(h, MAX_CONTEXTS) || nL > nC || nN > nL || nB > nL) return false;
  if (count[5] != (nL + 31) >> 5 || nG < (nC + 31) >> 5 || count[6] > nL) return false;
  if (rights < 0 || rights > 32) return false;
  if (!within(load<i32>(h, GROUP_NEURONS), 0, load<i32>(h, MAX_ACTIVE) + 1)) return false;
  if (!within(load<i32>(h, CROSS_LEFTS), 0, nL + 1) || !within(load<i32>(h, TOP_K), 0, load<i32>(h, MAX_ACTIVE) + 1)) return false;
  for (let i = 0; i < load<i32>(h, GROUP_NEURONS); i++) if (!within(load<i32>(h + NEURONS + (<usize>i << 2)), 0, nC)) return false;
  const t = h + NEURONS + (<usize>load<i32>(h, MAX_ACTIVE) << 2);
  for (let m = 0; m < 64; m++) {
    if (!within(load<i32>(t + RIGHT_BY_MASK_OFF + (<usize>m << 2)), -1, rights)) return false;
    if (!within(load<i32>(t + SENSOR_ONLY_OFF + (<usize>m << 2)), -1, nL)) return false;
  }
  for (let c = 0; c < nC; c++) {
    const cp = at[0] + <usize>c * CTX_BYTES;
    if (!within(load<i32>(cp, C_RIGHT_ID), 0, rights) || !within(load<i32>(cp, C_LEFT_ID), 0, nL) || !within(load<i32>(cp, C_HEAD), -1, nN)) return false;
  }
  for (let l = 0; l < nL; l++) {
    const lp = at[1] + <usize>l * LEFT_BYTES;
    const start = load<i32>(lp, L_POOL);
    const n = load<i32>(lp, L_NEURONS);
    if (!within(n, 0, 65) || start < 0 || start > nP - n) return false;
    const big = load<i32>(lp, L_BIG);
    if (!within(big, -1, nB)) return false;
    let used = 0;
    for (let j = 0; j < 8; j++) {
      const c = load<i32>(lp + L_SLOTS + (<usize>j << 2));
      if (!within(c, -1, nC)) return false;
      if (c >= 0) {
        used++;
        if (big < 0 && load<u8>(lp + L_RIDS + <usize>j) >= 32) return false;
      }
    }
    if (big < 0 && used > 5) return false;
  }
  for (let i = 0; i < nP; i++) if (!within(load<i32>(at[2] + (<usize>i << 2)), 0, nC)) return false;
  for (let i = 0; i < nN; i++) {
    const np = at[3] + (<usize>i << 4);
    if (!within(load<i32>(np), 0, nL) || !within(load<i32>(np, 8), -1, i)) return false;
  }
  for (let i = 0; i < nB << 5; i++) if (!within(load<i32>(at[4] + (<usize>i << 2)), -1, nC)) return false;
  for (let i = 0; i < count[6]; i++) if (!within(load<i32>(at[6] + (<usize>i << 2)), 0, nL)) return false;
  return true;
}
