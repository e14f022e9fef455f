// The neuron facts: the maxActive greatest active contexts of a row, chosen as Python's sort would.

import {
  C_ACTIVATIONS, C_LEFT_HASH, C_RIGHT_HASH, GROUP_NEURONS, MAX_ACTIVE, NEURONS, TOP_K, TOP_MIN,
  TOP_OFF, ctxAt, tail
} from './context-layout';

/**
 * The next fact group's neurons are the maxActive active contexts greatest by (activations, left
 * hash, right hash) — the tail of Python's sort (a total order: no two contexts share both
 * hashes). Offered one by one as they activate (their activations are final then: a context is
 * active at most once a row), kept in TOP_OFF ascending by that key.
 */
export function offerNeuron(s: usize, c: i32, activations: f64): void {
  const maxActive = load<i32>(s, MAX_ACTIVE);
  const top = tail(s) + TOP_OFF;
  let k = load<i32>(s, TOP_K);
  let j: i32;
  if (k == maxActive) {
    const least = load<f64>(s, TOP_MIN);
    if (activations < least) return;
    if (activations == least && !activeLess(s, load<i32>(top), c)) return;
    j = k - 1;
    memory.copy(top, top + 4, <usize>(k - 1) << 2);
  } else {
    j = k;
    k++;
    store<i32>(s, k, TOP_K);
  }
  while (j > 0 && activeLess(s, c, load<i32>(top + (<usize>(j - 1) << 2)))) {
    store<i32>(top + (<usize>j << 2), load<i32>(top + (<usize>(j - 1) << 2)));
    j--;
  }
  store<i32>(top + (<usize>j << 2), c);
  if (k == maxActive) store<f64>(s, load<f64>(ctxAt(s, load<i32>(top)), C_ACTIVATIONS), TOP_MIN);
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

/** aContextsCMP(a, b) < 0. */
function activeLess(s: usize, a: i32, b: i32): bool {
  const pa = ctxAt(s, a);
  const pb = ctxAt(s, b);
  const xa = load<f64>(pa, C_ACTIVATIONS);
  const xb = load<f64>(pb, C_ACTIVATIONS);
  if (xa != xb) return xa < xb;
  const la = load<i64>(pa, C_LEFT_HASH);
  const lb = load<i64>(pb, C_LEFT_HASH);
  if (la != lb) return la < lb;
  return load<i64>(pa, C_RIGHT_HASH) < load<i64>(pb, C_RIGHT_HASH);
}
