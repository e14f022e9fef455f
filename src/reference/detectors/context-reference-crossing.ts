// contextCrosser(leftOrRight=0): the new fact group matched against the left semi-contexts, and
// the prediction of the next row's sensor facts from the fully matched ones' contexts of greatest
// hit rate. Apart from the detector because it is the half of the step that looks forward (the
// kernel's assembly/detectors/context-crossing.ts); the statistics it reads were settled by
// context-reference-statistics.ts.

import { crossSemiContexts, type Context, type ContextStore } from './context-reference-store.js';

/** Crosses `facts` with the left semi-contexts (remembered for the next row) and returns the predicted facts. */
export function crossLeft(store: ContextStore, facts: readonly number[]): Set<number> {
  let maxWeight = 0.0;
  let predicting: Context[] = [];
  store.crossedLeft = crossSemiContexts(store.crossedLeft, store.leftFacts, store.lefts, facts);
  // Then the fully present ones, in the same (id) order Python met them in its one loop.
  for (const semi of store.crossedLeft) {
    if (semi.facts.length !== semi.count) continue;
    for (const [, id] of semi.contexts.entries()) {
      const ctx = store.contexts[id]!;
      const weight = ctx.seen > 0 ? ctx.hits / ctx.seen : 0.0;
      if (weight > maxWeight) {
        maxWeight = weight;
        predicting = [ctx];
      } else if (weight === maxWeight) {
        predicting.push(ctx);
      }
    }
  }
  const predictions = new Set<number>();
  for (const ctx of predicting) for (const f of ctx.rightFacts) predictions.add(f);
  return predictions;
}
