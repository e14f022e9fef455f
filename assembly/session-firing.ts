// The sessions firing early results in one watermark move (session-revisions.ts), in output order:
// by (end, start, opening order), as finals are.

import { growRegion } from './heap-region';
import { sessionPtr } from './session-store';

let firing: usize = 0; // i32 session slots
let firingCap: i32 = 0;

/** Session s is the j-th firing this move (j = how many were pushed before). */
export function pushFiring(j: i32, s: i32): void {
  if (j == firingCap) {
    firingCap = firingCap == 0 ? 256 : firingCap * 2;
    firing = growRegion(firing, <usize>firingCap << 2);
  }
  store<i32>(firing + (<usize>j << 2), s);
}

/** Sorts the first n by (end, start, seq): an insertion sort, since a move usually fires a few sessions (an idle jump may fire many). */
export function sortFiring(n: i32, gap: f64): void {
  for (let j = 1; j < n; j++) {
    const s = load<i32>(firing + (<usize>j << 2));
    let k = j;
    while (k > 0 && firesBefore(s, load<i32>(firing + (<usize>(k - 1) << 2)), gap)) {
      store<i32>(firing + (<usize>k << 2), load<i32>(firing + (<usize>(k - 1) << 2)));
      k--;
    }
    store<i32>(firing + (<usize>k << 2), s);
  }
}

function firesBefore(a: i32, b: i32, gap: f64): bool {
  const pa = sessionPtr(a);
  const pb = sessionPtr(b);
  const ea = load<f64>(pa, 24) + gap;
  const eb = load<f64>(pb, 24) + gap;
  if (ea != eb) return ea < eb;
  const sa = load<f64>(pa, 16);
  const sb = load<f64>(pb, 16);
  if (sa != sb) return sa < sb;
  return load<f64>(pa, 40) < load<f64>(pb, 40);
}

/** The j-th firing session after sortFiring. */
export function firingAt(j: i32): i32 {
  return load<i32>(firing + (<usize>j << 2));
}
