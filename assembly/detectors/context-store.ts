// Making contexts: getContextByFacts (find or add a context, its left and right semi-contexts)
// and marking the zero-level ones.

import { dictGet, dictInsert } from './context-dict';
import { addLeftHash, findLeft, tupleHash } from './context-hash';
import {
  BIN_MASK_OFF, BITS, CTX_BYTES, C_ACTIVATIONS, C_HEAD, C_HITS, C_LEFT_HASH, C_LEFT_ID, C_RIGHT_HASH,
  C_RIGHT_ID, C_SEEN, C_ZERO, LEFT_BYTES, L_BIG, L_FRESH, L_HASH, L_MAX_WEIGHT, L_NEURONS, L_POOL,
  L_PRED, L_SENSORS, L_SIZE, L_SLOTS, L_ZERO_RIGHTS, MAX_CONTEXTS, MEET_RIGHTS_OFF, RIGHT_BY_MASK_OFF,
  RIGHT_COUNT, RIGHT_HASH_OFF, RIGHT_MASK_OFF, R_CONTEXTS, R_GROUP_BITS, R_LEFTS, R_NODES, R_POOL,
  R_ZERO_BITS, SENSOR_ONLY_OFF, SUB_RIGHTS_OFF, ctxAt, leftAt, regionLen, regionPtr, reserve,
  setRegionLen, tail
} from './context-layout';
import { flushLeft } from './context-statistics';
import { noteJoined } from './context-settle-bounds';
import { leftListsAdd, neuronSig } from './context-left-lists';
import { zeroIndexNote } from './context-zero-index';

/**
 * getContextByFacts for one (left, right) pair: left = sensor facts `sensors` plus the `n` neuron
 * ids at `ids` (ascending), hashing to leftHash; right = sensor facts `rightMask`. Returns the
 * context id, with bit 31 set when it was made now; −1 when it is new but the memory is full.
 */
export function findOrAdd(s: usize, sensors: i32, ids: usize, n: i32, leftHash: i64, rightMask: i32, zeroLevel: bool): i32 {
  const t = tail(s);
  let leftId = findLeft(s, leftHash);
  let rightId = load<i32>(t + RIGHT_BY_MASK_OFF + (<usize>rightMask << 2));
  if (leftId >= 0 && rightId >= 0) {
    const c = dictGet(s, leftAt(s, leftId), rightId);
    if (c >= 0) return c;
  }
  const id = regionLen(s, R_CONTEXTS);
  if (id >= load<i32>(s, MAX_CONTEXTS)) return -1;
  if (leftId < 0) leftId = addLeft(s, sensors, ids, n, leftHash);
  if (rightId < 0) {
    rightId = load<i32>(s, RIGHT_COUNT);
    store<i32>(s, rightId + 1, RIGHT_COUNT);
    store<i32>(t + RIGHT_BY_MASK_OFF + (<usize>rightMask << 2), rightId);
    store<i32>(t + RIGHT_MASK_OFF + (<usize>rightId << 2), rightMask);
    store<i64>(t + RIGHT_HASH_OFF + (<usize>rightId << 3), tupleHash(rightMask, 0, 0));
    const maxBin = (1 << load<i32>(s, BITS)) - 1;
    for (let b = 0; b <= maxBin; b++) {
      const level = load<i32>(t + BIN_MASK_OFF + (<usize>b << 2));
      if ((rightMask & ~level) == 0) {
        const w = t + SUB_RIGHTS_OFF + (<usize>b << 2);
        store<i32>(w, load<i32>(w) | (1 << rightId));
      }
      if ((rightMask & level) != 0) {
        const w = t + MEET_RIGHTS_OFF + (<usize>b << 2);
        store<i32>(w, load<i32>(w) | (1 << rightId));
      }
    }
  }
  const cp = reserve(s, R_CONTEXTS, id + 1, CTX_BYTES, 0) + <usize>id * CTX_BYTES;
  setRegionLen(s, R_CONTEXTS, id + 1);
  store<f64>(cp, 0, C_SEEN);
  store<f64>(cp, 0, C_HITS);
  store<f64>(cp, 0, C_ACTIVATIONS);
  store<i64>(cp, leftHash, C_LEFT_HASH);
  store<i64>(cp, load<i64>(t + RIGHT_HASH_OFF + (<usize>rightId << 3)), C_RIGHT_HASH);
  store<i32>(cp, rightId, C_RIGHT_ID);
  store<i32>(cp, leftId, C_LEFT_ID);
  store<i32>(cp, 0, C_ZERO);
  store<i32>(cp, -1, C_HEAD);
  // The left's owed rows are settled first: the new context owes none.
  flushLeft(s, leftAt(s, leftId));
  dictInsert(s, leftId, rightId, id);
  noteJoined(s, leftId);
  // A new context has hit rate 0: it joins its left's prediction when that is at 0.
  const lp = leftAt(s, leftId);
  store<i32>(lp, load<i32>(lp, L_FRESH) | (1 << rightId), L_FRESH);
  if (load<f64>(lp, L_MAX_WEIGHT) == 0) store<i32>(lp, load<i32>(lp, L_PRED) | rightMask, L_PRED);
  reserve(s, R_GROUP_BITS, (id >> 5) + 1, 4, 0);
  if (zeroLevel) markZeroLevel(s, id);
  return id | (1 << 31);
}

/** A new left semi-context (its facts, hash, index entry under its greatest neuron). */
function addLeft(s: usize, sensors: i32, ids: usize, n: i32, h: i64): i32 {
  const id = regionLen(s, R_LEFTS);
  const lp = reserve(s, R_LEFTS, id + 1, LEFT_BYTES, 0) + <usize>id * LEFT_BYTES;
  setRegionLen(s, R_LEFTS, id + 1);
  const start = regionLen(s, R_POOL);
  store<i64>(lp, h, L_HASH);
  store<i32>(lp, sensors, L_SENSORS);
  store<i32>(lp, n, L_NEURONS);
  store<i32>(lp, start, L_POOL);
  store<i32>(lp, 0, L_PRED);
  store<f64>(lp, 0, L_MAX_WEIGHT);
  store<i32>(lp, 0, L_ZERO_RIGHTS);
  store<i32>(lp, 0, L_SIZE);
  store<i32>(lp, -1, L_BIG);
  memory.fill(lp + L_SLOTS, 0xff, 32);
  const pool = reserve(s, R_POOL, start + n, 4, 0);
  setRegionLen(s, R_POOL, start + n);
  for (let i = 0; i < n; i++) store<i32>(pool + (<usize>(start + i) << 2), load<i32>(ids + (<usize>i << 2)));
  if (n > 0) {
    // Indexed under its greatest neuron id only: crossLeft finds it when that neuron is a fact.
    const node = regionLen(s, R_NODES);
    const np = reserve(s, R_NODES, node + 1, 16, 0) + (<usize>node << 4);
    setRegionLen(s, R_NODES, node + 1);
    const cp = ctxAt(s, load<i32>(ids + (<usize>(n - 1) << 2)));
    let sig = 0;
    for (let i = 0; i < n - 1; i++) sig |= neuronSig(load<i32>(ids + (<usize>i << 2)));
    store<i32>(np, id);
    store<i32>(np, sensors, 4);
    store<i32>(np, load<i32>(cp, C_HEAD), 8);
    store<i32>(np, sig, 12);
    store<i32>(cp, node, C_HEAD);
    leftListsAdd(s, load<i32>(ids + (<usize>(n - 1) << 2)), id, sensors, sig);
  }
  if (n == 0) store<i32>(tail(s) + SENSOR_ONLY_OFF + (<usize>sensors << 2), id);
  const words = (id >> 5) + 1;
  reserve(s, R_ZERO_BITS, words, 4, 0);
  if (regionLen(s, R_ZERO_BITS) < words) setRegionLen(s, R_ZERO_BITS, words);
  addLeftHash(s, h, id);
  return id;
}

export function markZeroLevel(s: usize, c: i32): void {
  const cp = ctxAt(s, c);
  store<i32>(cp, 1, C_ZERO);
  const l = load<i32>(cp, C_LEFT_ID);
  const lp = leftAt(s, l);
  const rights = load<i32>(lp, L_ZERO_RIGHTS);
  const more = rights | (1 << load<i32>(cp, C_RIGHT_ID));
  store<i32>(lp, more, L_ZERO_RIGHTS);
  const w = regionPtr(s, R_ZERO_BITS) + (<usize>(l >> 5) << 2);
  const word = load<i32>(w);
  const bit = 1 << (l & 31);
  // The zero index (context-zero-index.ts) follows the left's zero-level bit and rights.
  if ((word & bit) == 0) {
    store<i32>(w, word | bit);
    zeroIndexNote(s, l, true);
  } else if (more != rights) {
    zeroIndexNote(s, l, false);
  }
}
