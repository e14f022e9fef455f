// contextCrosser(leftOrRight=0): the fully present left semi-contexts of a new fact group, and
// the prediction of the next row's sensor facts.

import {
  BITS, CROSS_LEFTS, GROUP_NEURONS, L_MAX_WEIGHT, L_PEND_TOTAL, L_NEURONS, L_PERFECT, L_POOL, L_PRED, NEURONS, PRED_MASK,
  RIGHT_MASK_OFF, R_FULL, R_GROUP_BITS, R_LEFTS, R_POOL, SENSOR_ONLY_OFF, leftAt, pushI32, regionLen,
  regionPtr, setRegionLen, tail
} from './context-layout';
import { flushLeft, holdsContext0 } from './context-statistics';
import { settledRateBound } from './context-settle-bounds';
import { BLOCK_HEADER, blockLen } from './context-blocks';
import { LL_ENTRY_BYTES, leftListOf, neuronSig } from './context-left-lists';

/**
 * contextCrosser(leftOrRight=0) on the new fact group: sets its neurons' group bits, lists the
 * fully present left semi-contexts (Python's partial matches are only needed by propose, which
 * counts them itself), and predicts the next sensor facts from their contexts of greatest hit rate.
 */
export function crossLeft(s: usize, sensors: i32): void {
  const t = tail(s);
  const nNeurons = load<i32>(s, GROUP_NEURONS);
  setRegionLen(s, R_FULL, 0);
  const bitsPtr = regionPtr(s, R_GROUP_BITS);
  let groupSig = 0;
  for (let i = 0; i < nNeurons; i++) {
    const c = load<i32>(s + NEURONS + (<usize>i << 2));
    const w = bitsPtr + (<usize>(c >> 5) << 2);
    store<i32>(w, load<i32>(w) | (1 << (c & 31)));
    groupSig |= neuronSig(c);
  }
  // Left semi-contexts with neuron facts, each listed under its greatest neuron: fully present
  // when that neuron is in the group, its sensor facts among the group's and its other neurons too.
  // Walked newest first, as the linked form (R_NODES) runs, so R_FULL's order is the same.
  const pool = regionPtr(s, R_POOL);
  for (let i = 0; i < nNeurons; i++) {
    const block = leftListOf(s, load<i32>(s + NEURONS + (<usize>i << 2)));
    if (block == 0) continue;
    const first = block + BLOCK_HEADER;
    for (let np = first + <usize>blockLen(block) * LL_ENTRY_BYTES; np > first; ) {
      np -= LL_ENTRY_BYTES;
      if ((load<i32>(np, 4) & ~sensors) != 0 || (load<i32>(np, 8) & ~groupSig) != 0) continue;
      const leftId = load<i32>(np);
      const l = leftAt(s, leftId);
      const ids = pool + (<usize>load<i32>(l, L_POOL) << 2);
      const others = load<i32>(l, L_NEURONS) - 1;
      let all = true;
      for (let j = 0; j < others; j++) {
        const id = load<i32>(ids + (<usize>j << 2));
        if ((load<i32>(bitsPtr + (<usize>(id >> 5) << 2)) & (1 << (id & 31))) == 0) {
          all = false;
          break;
        }
      }
      if (all) pushI32(s, R_FULL, leftId);
    }
  }
  // Left semi-contexts of sensor facts only, one per sensor mask: those within `sensors`.
  let sub = sensors;
  while (sub != 0) {
    const leftId = load<i32>(t + SENSOR_ONLY_OFF + (<usize>sub << 2));
    if (leftId >= 0) pushI32(s, R_FULL, leftId);
    sub = (sub - 1) & sensors;
  }
  store<i32>(s, regionLen(s, R_LEFTS), CROSS_LEFTS);

  // The contexts of greatest hit rate among the fully present left semi-contexts' (each left
  // keeps its own greatest rate and the union of the right facts reaching it).
  // A perfect context (hit rate exactly 1, the most there is) among them decides alone: the
  // prediction is then the union of the perfect contexts' right facts.
  const fullN = regionLen(s, R_FULL);
  let perfectFacts = 0;
  let anyPerfect = false;
  for (let i = 0; i < fullN; i++) {
    let p = load<i32>(leftAt(s, load<i32>(regionPtr(s, R_FULL) + (<usize>i << 2))), L_PERFECT);
    if (p == 0) continue;
    anyPerfect = true;
    while (p != 0) {
      perfectFacts |= load<i32>(t + RIGHT_MASK_OFF + (<usize>ctz(p) << 2));
      p &= p - 1;
    }
  }
  if (anyPerfect) {
    store<i32>(s, perfectFacts, PRED_MASK);
    return;
  }
  // Else every left's greatest rate, settled first if it owes rows, unless even its best context
  // cannot reach the greatest rate found (context-settle-bounds.ts): the lefts that owe nothing
  // first, then the owing one of highest bound, then the rest against what those gave.
  const full = regionPtr(s, R_FULL);
  const valueBits = load<i32>(s, BITS);
  let maxWeight = 0.0;
  let predicted = 0;
  let first = -1;
  let firstBound = -1.0;
  for (let i = 0; i < fullN; i++) {
    const leftId = load<i32>(full + (<usize>i << 2));
    const l = leftAt(s, leftId);
    const owed = load<i32>(l, L_PEND_TOTAL);
    const weight = load<f64>(l, L_MAX_WEIGHT);
    if (owed == 0) {
      if (weight < maxWeight) continue;
      predicted = weight > maxWeight ? load<i32>(l, L_PRED) : predicted | load<i32>(l, L_PRED);
      maxWeight = weight;
      continue;
    }
    const bound = holdsContext0(s, l) ? 1.0 : settledRateBound(s, leftId, l, owed, weight, valueBits);
    if (bound > firstBound) {
      firstBound = bound;
      first = i;
    }
  }
  for (let k = -1; k < fullN; k++) {
    // k = −1: the owing left of highest bound; then the others.
    const i = k < 0 ? first : k;
    if (i < 0 || (k >= 0 && i == first)) continue;
    const leftId = load<i32>(full + (<usize>i << 2));
    const l = leftAt(s, leftId);
    const owed = load<i32>(l, L_PEND_TOTAL);
    // Owing nothing: counted above (or settled here already, if listed twice).
    if (owed == 0) continue;
    // A margin for the bound's and the rates' rounding: a left within it is settled.
    if (k >= 0 && !holdsContext0(s, l) && settledRateBound(s, leftId, l, owed, load<f64>(l, L_MAX_WEIGHT), valueBits) + 1e-9 < maxWeight) continue;
    flushLeft(s, l);
    const weight = load<f64>(l, L_MAX_WEIGHT);
    if (weight < maxWeight) continue;
    predicted = weight > maxWeight ? load<i32>(l, L_PRED) : predicted | load<i32>(l, L_PRED);
    maxWeight = weight;
  }
  store<i32>(s, predicted, PRED_MASK);
}
