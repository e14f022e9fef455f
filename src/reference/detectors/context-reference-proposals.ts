// The new contexts proposed on a row that made a new zero-level context: counted once per distinct
// (left, right) pair, then stored. Apart from the detector because CAD's "added to potential" share
// of the anomaly score is this count's quotient (the kernel's assembly/detectors/context-proposals.ts).

import type { ContextStore, FactPair } from './context-reference-store.js';

/** A fact pair as a string, so a Set counts distinct pairs the way Python's set of tuples did. */
export function pairKey(left: readonly number[], right: readonly number[]): string {
  return `${left.join(',')}|${right.join(',')}`;
}

/** getContextByFacts(…, zerolevel=0): how many of the proposed contexts were new. */
export function addProposedContexts(store: ContextStore, pairs: readonly FactPair[]): number {
  let added = 0;
  for (const [left, right] of pairs) {
    const found = store.findOrAdd(left, right, false);
    if (found !== undefined && found[1]) added++;
  }
  return added;
}
