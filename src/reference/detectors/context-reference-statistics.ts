// contextCrosser(leftOrRight=1) and updateContextsAndGetActive: the row's sensor facts matched
// against the right semi-contexts, and the statistics of every context whose left semi-context was
// crossed last row updated for them. Apart from the detector because it is where a context's hit
// rate comes from, the one number its predictions rest on (the kernel's
// assembly/detectors/context-statistics.ts). The new contexts it proposes are collected in the same
// walk, because Python collects them there and their order decides their ids.

import { crossSemiContexts, type ContextStore, type FactPair } from './context-reference-store.js';

/** What updating the statistics found: the active contexts, the selected count, the proposed pairs. */
export interface ContextActivity {
  /** Contexts fully matched on both sides this row, in walk order. */
  readonly active: number[];
  /** Contexts whose left semi-context was fully matched. */
  readonly selected: number;
  /** (left facts matched, right facts matched) of the zero-level contexts partly matched. */
  readonly potential: FactPair[];
}

/**
 * Crosses `facts` with the right semi-contexts and updates the contexts of the left semi-contexts
 * crossed last row. newContextId (Python's newContextID, False = 0) is skipped: the context made
 * this row is not yet counted.
 */
export function updateContextsAndGetActive(
  store: ContextStore,
  facts: readonly number[],
  newContextId: number,
  newContextFlag: boolean,
  maxLeftSemiContextLength: number,
): ContextActivity {
  store.crossedRight = crossSemiContexts(store.crossedRight, store.rightFacts, store.rights, facts);

  const active: number[] = [];
  let selected = 0;
  const potential: FactPair[] = [];
  const maxLen = maxLeftSemiContextLength;
  for (const left of store.crossedLeft) {
    for (const [rightId, id] of left.contexts.entries()) {
      if (newContextId === id) continue;
      const ctx = store.contexts[id]!;
      const right = store.rights[rightId]!;
      if (left.facts.length === left.count) {
        selected++;
        ctx.seen += right.facts.length;
        if (right.count > 0) {
          ctx.hits += right.count;
          if (right.facts.length === right.count) {
            ctx.activations++;
            active.push(id);
          } else if (ctx.zeroLevel && newContextFlag && left.count <= maxLen) {
            potential.push([[...left.matched], [...right.matched]]);
          }
        }
      } else if (ctx.zeroLevel && newContextFlag && right.count > 0 && left.count <= maxLen) {
        potential.push([[...left.matched], [...right.matched]]);
      }
    }
  }
  return { active, selected, potential };
}
