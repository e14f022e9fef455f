// The neuron facts: the maxActive greatest active contexts of a row, chosen as Python's sort would.

import {
  C_LEFT_HASH, C_RIGHT_HASH, GROUP_NEURONS, MAX_ACTIVE, NEURONS, TOP_K, TOP_OFF, ctxAt, tail
} from './context-layout';

/**
 * The activations of the contexts in TOP_OFF, slot for slot, while a row is being judged: the
 * running top is compared by activations first, and reading them here instead of from each
 * context record keeps the comparisons in two cache lines. Scratch shared by every detector of
 * the instance (a row's top is finished before the next row of any key starts), so not in the state.
 */
const TOP_ACTIVATIONS: usize = memory.data(64 * 8);

/**
 * The next fact group's neurons are the maxActive active contexts greatest by (activations, left
 * hash, right hash) — the tail of Python's sort (a total order: no two contexts share both
 * hashes, so the set is unique). Offered one by one as they activate (their activations are final
 * then: a context is active at most once a row), kept in TOP_OFF as a binary min-heap by that key:
 * an offer costs O(log maxActive) comparisons; finishNeurons sorts the set by id, which is all the
 * order Python's group has. Returns the least activations a later offer can be accepted with: the
 * root's once the top is full (a tie may still win on its hashes), −∞ before.
 */
export function offerNeuron(s: usize, c: i32, activations: f64): f64 {
  const maxActive = load<i32>(s, MAX_ACTIVE);
  const top = tail(s) + TOP_OFF;
  const acts = TOP_ACTIVATIONS;
  let k = load<i32>(s, TOP_K);
  let i: i32;
  if (k < maxActive) {
    // Sift up from the new last slot.
    i = k;
    k++;
    store<i32>(s, k, TOP_K);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pa = load<f64>(acts + (<usize>parent << 3));
      const pc = load<i32>(top + (<usize>parent << 2));
      if (!keyLess(s, activations, c, pa, pc)) break;
      store<i32>(top + (<usize>i << 2), pc);
      store<f64>(acts + (<usize>i << 3), pa);
      i = parent;
    }
  } else {
    // Full: c replaces the least (the root) when it is greater, then sifts down.
    if (!keyLess(s, load<f64>(acts), load<i32>(top), activations, c)) return load<f64>(acts);
    i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= k) break;
      let ca = load<f64>(acts + (<usize>child << 3));
      let cc = load<i32>(top + (<usize>child << 2));
      if (child + 1 < k) {
        const ra = load<f64>(acts + (<usize>(child + 1) << 3));
        const rc = load<i32>(top + (<usize>(child + 1) << 2));
        if (keyLess(s, ra, rc, ca, cc)) {
          child++;
          ca = ra;
          cc = rc;
        }
      }
      if (!keyLess(s, ca, cc, activations, c)) break;
      store<i32>(top + (<usize>i << 2), cc);
      store<f64>(acts + (<usize>i << 3), ca);
      i = child;
    }
  }
  store<i32>(top + (<usize>i << 2), c);
  store<f64>(acts + (<usize>i << 3), activations);
  return k == maxActive ? load<f64>(acts) : -Infinity;
}

/** The chosen neurons become the group's, ascending by id (the order of the facts in the group). */
export function finishNeurons(s: usize): void {
  const k = load<i32>(s, TOP_K);
  const top = s + NEURONS;
  memory.copy(top, tail(s) + TOP_OFF, <usize>k << 2);
  for (let i = 1; i < k; i++) {
    const v = load<i32>(top + (<usize>i << 2));
    let j = i;
    while (j > 0 && load<i32>(top + (<usize>(j - 1) << 2)) > v) {
      store<i32>(top + (<usize>j << 2), load<i32>(top + (<usize>(j - 1) << 2)));
      j--;
    }
    store<i32>(top + (<usize>j << 2), v);
  }
  store<i32>(s, k, GROUP_NEURONS);
}

/** aContextsCMP(a, b) < 0, for context a with activations xa and b with xb. */
// @ts-ignore: decorator
@inline
function keyLess(s: usize, xa: f64, a: i32, xb: f64, b: i32): bool {
  return xa < xb || (xa == xb && hashLess(s, a, b));
}

/** aContextsCMP(a, b) < 0 for two contexts of equal activations. */
function hashLess(s: usize, a: i32, b: i32): bool {
  const pa = ctxAt(s, a);
  const pb = ctxAt(s, b);
  const la = load<i64>(pa, C_LEFT_HASH);
  const lb = load<i64>(pb, C_LEFT_HASH);
  if (la != lb) return la < lb;
  return load<i64>(pa, C_RIGHT_HASH) < load<i64>(pb, C_RIGHT_HASH);
}
