// The statistics of the contexts whose left semi-context was fully present last row: updated
// lazily (owed by value level, settled when read), with the perfect contexts kept exactly.

import {
  ACTIVE_N, BIN_MASK_OFF, CORR0, CORR0_TOTAL, C_ACTIVATIONS, C_HITS, C_LEFT_ID, C_RIGHT_ID, C_SEEN, CTX_BYTES,
  LEFT_BYTES, L_BIG, L_BIG_RIGHTS, L_FRESH, L_MAX_WEIGHT, L_PEND, L_PEND_TOTAL, L_PERFECT, L_PRED, L_RIDS, L_SIZE, L_SLOTS,
  MAX_OWED, RIGHT_MASK_OFF, R_BIG, R_CONTEXTS, R_FULL, R_LEFTS, SUB_RIGHTS_OFF, TOP_MIN,
  ctxAt, leftAt, regionLen, regionPtr, tail
} from './context-layout';
import { offerNeuron } from './context-neurons';
import { noteSettled } from './context-settle-bounds';

/**
 * The statistics of the contexts of the left semi-contexts crossed last row, updated for this
 * row's sensor facts (level `bin`): seen += right length, hits += right facts present,
 * activations += 1 when all are (the active contexts). Seen and hits are owed, by level, until
 * someone reads them (flushLeft); which contexts are still perfect (hit rate 1) is kept exactly.
 * Returns the selected count. skip0: context 0 is not updated (Python's False == 0).
 */
export function updateFull(s: usize, bin: i32, skip0: bool): i32 {
  const t = tail(s);
  const subRights = load<i32>(t + SUB_RIGHTS_OFF + (<usize>bin << 2));
  const left0 = skip0 && regionLen(s, R_CONTEXTS) > 0 ? load<i32>(ctxAt(s, 0), C_LEFT_ID) : -1;
  // Nothing below grows a region, so their addresses, the active count and the running top's
  // least live in locals for the loop (loads and stores of the header are not hoisted for us).
  const full = regionPtr(s, R_FULL);
  const lefts = regionPtr(s, R_LEFTS);
  const contexts = regionPtr(s, R_CONTEXTS);
  const bigs = regionPtr(s, R_BIG);
  let least = -Infinity;
  let active = 0;
  let selected = 0;
  const fullN = regionLen(s, R_FULL);
  for (let i = 0; i < fullN; i++) {
    const leftId = load<i32>(full + (<usize>i << 2));
    const l = lefts + <usize>leftId * LEFT_BYTES;
    // Context 0, when skipped, keeps its perfect/fresh state and is owed the row back (CORR0).
    let skip = -1;
    let keep = 0;
    if (leftId == left0) {
      skip = 0;
      keep = 1 << load<i32>(ctxAt(s, 0), C_RIGHT_ID);
      const corr = s + CORR0 + (<usize>bin << 2);
      store<i32>(corr, load<i32>(corr) + 1);
      store<i32>(s, load<i32>(s, CORR0_TOTAL) + 1, CORR0_TOTAL);
      selected--;
    }
    selected += load<i32>(l, L_SIZE);
    const perfect = load<i32>(l, L_PERFECT);
    const fresh = load<i32>(l, L_FRESH);
    store<i32>(l, ((perfect | fresh) & subRights & ~keep) | (perfect & keep), L_PERFECT);
    store<i32>(l, fresh & keep, L_FRESH);
    const pend = l + L_PEND + (<usize>bin << 2);
    store<i32>(pend, load<i32>(pend) + 1);
    const owed = load<i32>(l, L_PEND_TOTAL) + 1;
    store<i32>(l, owed, L_PEND_TOTAL);
    // Settled before the i32 sums in flushLeft (owed × 3) could overflow on a long stream.
    if (owed >= MAX_OWED) flushLeft(s, l);
    const big = load<i32>(l, L_BIG);
    if (big >= 0) {
      const slots = bigs + (<usize>big << 7);
      let m = subRights & load<i32>(l, L_BIG_RIGHTS);
      while (m != 0) {
        const r = ctz(m);
        m &= m - 1;
        const c = load<i32>(slots + (<usize>r << 2));
        if (c != skip) {
          active++;
          least = activate(s, contexts, c, least);
        }
      }
    } else {
      // The small dict's slots in its order, only those holding a right in subRights: their mask
      // is made without branches (a loop over all 8 cost ~25 instructions a slot).
      let m = slotHits(l, 0, subRights) | slotHits(l, 1, subRights) | slotHits(l, 2, subRights)
        | slotHits(l, 3, subRights) | slotHits(l, 4, subRights) | slotHits(l, 5, subRights)
        | slotHits(l, 6, subRights) | slotHits(l, 7, subRights);
      while (m != 0) {
        const j = ctz(m);
        m &= m - 1;
        const c = load<i32>(l + L_SLOTS + (<usize>j << 2));
        if (c != skip) {
          active++;
          least = activate(s, contexts, c, least);
        }
      }
    }
  }
  store<i32>(s, active, ACTIVE_N);
  // The header is saved whole: TOP_MIN keeps the value the last offer to a full top left there.
  if (least > -Infinity) store<f64>(s, least, TOP_MIN);
  return selected;
}

/** Bit j set when small-dict slot j of left l holds a context whose right id is in `rights`. */
// @ts-ignore: decorator
@inline
function slotHits(l: usize, j: usize, rights: i32): i32 {
  const occupied = ~load<i32>(l + L_SLOTS + (j << 2)) >>> 31;
  return (occupied & (rights >>> load<u8>(l + L_RIDS + j))) << <i32>j;
}

/** Counts context c active; returns the least activations the next offer needs (offerNeuron's). */
// @ts-ignore: decorator
@inline
function activate(s: usize, contexts: usize, c: i32, least: f64): f64 {
  const cp = contexts + <usize>c * CTX_BYTES;
  const activations = load<f64>(cp, C_ACTIVATIONS) + 1;
  store<f64>(cp, activations, C_ACTIVATIONS);
  // Most are fewer than the least of a full running top: rejected here.
  return activations >= least ? offerNeuron(s, c, activations) : least;
}

/**
 * Settles a left semi-context's owed rows into its contexts' seen and hits, and recomputes its
 * prediction: its greatest hit rate and the union of the right facts reaching it; notes the least
 * seen among its contexts (context-settle-bounds.ts).
 */
export function flushLeft(s: usize, l: usize): void {
  const total = load<i32>(l, L_PEND_TOTAL);
  if (total == 0) return;
  const t = tail(s);
  const pend = l + L_PEND;
  // The levels owed, without a branch per level.
  let levels = 0;
  for (let b = 0; b < 8; b++) levels |= <i32>(load<i32>(pend + (<usize>b << 2)) != 0) << b;
  const big = load<i32>(l, L_BIG);
  const slots: usize = big >= 0 ? regionPtr(s, R_BIG) + (<usize>big << 7) : l + L_SLOTS;
  // Only the occupied slots are visited: a big dict's slot is its right id (L_BIG_RIGHTS), a small
  // dict's empty slots hold −1 (order does not matter: the result is a maximum and a union).
  let occupied = big >= 0 ? load<i32>(l, L_BIG_RIGHTS) : smallOccupied(l);
  // All owed rows at one level (a left settled every row owes one, ~all settles on a mature model):
  // its hits are rows × the right facts of that level, one popcount, no walk over the levels.
  const single = (levels & (levels - 1)) == 0;
  const singleMask = load<i32>(t + BIN_MASK_OFF + (<usize>ctz(levels) << 2));
  let maxWeight = 0.0;
  let predicted = 0;
  let minSeen = Infinity;
  while (occupied != 0) {
    const j = ctz(occupied);
    occupied &= occupied - 1;
    const c = load<i32>(slots + (<usize>j << 2));
    const cp = ctxAt(s, c);
    // A big dict's slot is its right id; a small dict keeps its slots' right ids beside them.
    const rightId = big >= 0 ? j : <i32>load<u8>(l + L_RIDS + <usize>j);
    const rightMask = load<i32>(t + RIGHT_MASK_OFF + (<usize>rightId << 2));
    let rows = total;
    let hitsAdd = 0;
    if (single) {
      hitsAdd = total * popcnt(rightMask & singleMask);
    } else {
      for (let m = levels; m != 0; m &= m - 1) {
        const b = ctz(m);
        hitsAdd += load<i32>(pend + (<usize>b << 2)) * popcnt(rightMask & load<i32>(t + BIN_MASK_OFF + (<usize>b << 2)));
      }
    }
    if (c == 0) {
      // The rows context 0 was skipped on (it lives in this left only).
      rows -= load<i32>(s, CORR0_TOTAL);
      for (let b = 0; b < 8; b++) hitsAdd -= load<i32>(s + CORR0 + (<usize>b << 2)) * popcnt(rightMask & load<i32>(t + BIN_MASK_OFF + (<usize>b << 2)));
      memory.fill(s + CORR0, 0, 36);
    }
    const seen = load<f64>(cp, C_SEEN) + <f64>(rows * popcnt(rightMask));
    const hits = load<f64>(cp, C_HITS) + <f64>hitsAdd;
    store<f64>(cp, seen, C_SEEN);
    store<f64>(cp, hits, C_HITS);
    minSeen = min(minSeen, seen);
    // The greatest rate and the union of the right facts at it, without branches.
    const weight = seen > 0 ? hits / seen : 0.0;
    predicted = weight > maxWeight ? rightMask : weight == maxWeight ? predicted | rightMask : predicted;
    maxWeight = weight > maxWeight ? weight : maxWeight;
  }
  store<f64>(l, maxWeight, L_MAX_WEIGHT);
  store<i32>(l, predicted, L_PRED);
  noteSettled(s, l, minSeen == Infinity ? 0.0 : minSeen);
  memory.fill(pend, 0, 32);
  store<i32>(l, 0, L_PEND_TOTAL);
}

/** Whether context 0 (whose skipped rows CORR0 owes back) is one of left l's. */
// @ts-ignore: decorator
@inline
export function holdsContext0(s: usize, l: usize): bool {
  return regionLen(s, R_CONTEXTS) > 0 && leftAt(s, load<i32>(ctxAt(s, 0), C_LEFT_ID)) == l;
}

/** Bit j set when small-dict slot j of left l holds a context (empty slots hold −1). */
// @ts-ignore: decorator
@inline
function smallOccupied(l: usize): i32 {
  let m = 0;
  for (let j = 0; j < 8; j++) m |= (~load<i32>(l + L_SLOTS + (<usize>j << 2)) >>> 31) << j;
  return m;
}
