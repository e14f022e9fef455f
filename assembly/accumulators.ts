// Accumulators: one f64 of state each per (window, key), configured once per job as a list of
// (kind, value column). `count` is implicit in every window slot; `mean` is derived from a sum
// and the count on the host, so it costs nothing here. A new accumulator kind is a new ACC_*
// constant in layout.ts plus one case in `initAccs`, `updateAccs` and (for panes) `mergeAccs`.

import { ACC_SUM, ACC_MIN, ACC_MAX, MAX_ACCS } from './layout';

export let accCount: i32 = 0;
const accKind = new StaticArray<i32>(MAX_ACCS);
const accValue = new StaticArray<i32>(MAX_ACCS);

export function configureAccs(n: i32): void {
  assert(n >= 0 && n <= MAX_ACCS);
  accCount = n;
}

export function setAcc(k: i32, kind: i32, valueIndex: i32): void {
  assert(k >= 0 && k < MAX_ACCS && kind >= ACC_SUM && kind <= ACC_MAX);
  unchecked(accKind[k] = kind);
  unchecked(accValue[k] = valueIndex);
}

export function initAccs(acc: usize): void {
  for (let k = 0; k < accCount; k++) {
    const kind = unchecked(accKind[k]);
    const init: f64 = kind == ACC_MIN ? Infinity : kind == ACC_MAX ? -Infinity : 0;
    store<f64>(acc + (<usize>k << 3), init);
  }
}

/** Folds one event's value row into the accumulators at `acc`. */
// @ts-ignore: decorator
@inline
export function updateAccs(acc: usize, row: usize): void {
  for (let k = 0; k < accCount; k++) {
    const p = acc + (<usize>k << 3);
    const v = load<f64>(row + (<usize>unchecked(accValue[k]) << 3));
    const kind = unchecked(accKind[k]);
    if (kind == ACC_SUM) {
      store<f64>(p, load<f64>(p) + v);
    } else if (kind == ACC_MIN) {
      if (v < load<f64>(p)) store<f64>(p, v);
    } else {
      if (v > load<f64>(p)) store<f64>(p, v);
    }
  }
}
