// The left semi-contexts with neuron facts, listed under their greatest neuron as contiguous
// blocks (context-blocks.ts), for crossLeft: a row walks the lists of its ≤ maxActive neurons
// (~310 entries a row on NAB's nyc_taxi, ~820 on art_noisy), and most entries are ruled out by
// their sensor facts or neuron signature alone, so reading them from a few contiguous cache lines
// instead of one line per linked node (R_NODES, scattered over the model) is most of the saving.
//
// R_NODES and each context's C_HEAD, the linked form, are still kept: they are what a saved state
// holds. These blocks are derived from the lefts (leftListsRebuild on load), so the saved format
// does not change. The catch: 12 bytes more per left with neurons, plus doubling slack.
//
// Side block (LEFT_LISTS_BYTES, its address at the state's LEFT_LISTS):
//   0   heads   region, u32 per context id: its block (0 none) of entries
//               (left id i32, sensor facts i32, signature of the left's other neurons i32),
//               oldest first (crossLeft walks them newest first, as the linked list ran)
//   12  bytes   i32: bytes of the blocks

import { blockAppend, blocksFree } from './context-blocks';
import {
  LEFT_LISTS, L_NEURONS, L_POOL, L_SENSORS, R_CONTEXTS, R_LEFTS, R_POOL, leftAt, regionLen, regionPtr, reserve,
  setRegionLen
} from './context-layout';

const LL_HEADS: usize = 0;
const LL_BYTES: usize = 12;
const LEFT_LISTS_BYTES: usize = 16;
export const LL_ENTRY_BYTES: usize = 12;

// @ts-ignore: decorator
@inline
function leftLists(s: usize): usize {
  return load<usize>(s, LEFT_LISTS);
}

/** Empty lists for state `s` (at create and load). */
export function leftListsCreate(s: usize): void {
  const z = heap.alloc(LEFT_LISTS_BYTES);
  memory.fill(z, 0, LEFT_LISTS_BYTES);
  store<usize>(s, z, LEFT_LISTS);
}

export function leftListsFree(s: usize): void {
  const z = leftLists(s);
  const heads = regionPtr(z, LL_HEADS);
  blocksFree(heads, regionLen(z, LL_HEADS));
  if (heads != 0) heap.free(heads);
  heap.free(z);
}

/** Bytes the lists hold. */
export function leftListsBytes(s: usize): i32 {
  const z = leftLists(s);
  return <i32>LEFT_LISTS_BYTES + load<i32>(z, LL_BYTES) + load<i32>(z + LL_HEADS, 8) * 4;
}

/** Lists left `leftId` (with neurons) under neuron `greatest`, with its sensor facts and the signature of its other neurons. */
export function leftListsAdd(s: usize, greatest: i32, leftId: i32, sensors: i32, sig: i32): void {
  const z = leftLists(s);
  const contexts = regionLen(s, R_CONTEXTS);
  const heads = reserve(z, LL_HEADS, contexts, 4, 0);
  if (regionLen(z, LL_HEADS) < contexts) setRegionLen(z, LL_HEADS, contexts);
  const e = blockAppend(heads + (<usize>greatest << 2), LL_ENTRY_BYTES, z + LL_BYTES);
  store<i32>(e, leftId);
  store<i32>(e, sensors, 4);
  store<i32>(e, sig, 8);
}

/** The block of neuron `c` (0: none). */
// @ts-ignore: decorator
@inline
export function leftListOf(s: usize, c: i32): usize {
  const z = leftLists(s);
  return c < regionLen(z, LL_HEADS) ? load<usize>(regionPtr(z, LL_HEADS) + (<usize>c << 2)) : 0;
}

/** One bit of 32 per context id: a left's other neurons can only all be in the group when their bits all are. */
// @ts-ignore: decorator
@inline
export function neuronSig(c: i32): i32 {
  return 1 << (<i32>(<u32>c * 0x9E3779B1 >> 27));
}

/** The lists of a loaded state, from its lefts in id order (the order addLeft listed them in). */
export function leftListsRebuild(s: usize): void {
  const nLefts = regionLen(s, R_LEFTS);
  const pool = regionPtr(s, R_POOL);
  for (let id = 0; id < nLefts; id++) {
    const l = leftAt(s, id);
    const n = load<i32>(l, L_NEURONS);
    if (n == 0) continue;
    const ids = pool + (<usize>load<i32>(l, L_POOL) << 2);
    let sig = 0;
    for (let i = 0; i < n - 1; i++) sig |= neuronSig(load<i32>(ids + (<usize>i << 2)));
    leftListsAdd(s, load<i32>(ids + (<usize>(n - 1) << 2)), id, load<i32>(l, L_SENSORS), sig);
  }
}
