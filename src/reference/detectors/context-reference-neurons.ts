// The neuron facts: the maxActiveNeurons greatest active contexts of a row, ordered as Python's
// sort with aContextsCMP ordered them, become facts of the next fact group. Apart from the detector
// because the order is by (activations, left hash, right hash): get it wrong and every later
// context id differs (the kernel's assembly/detectors/context-neurons.ts).

import type { Context } from './context-reference-store.js';

/** The fact of context `id` being active (CAD's "neuron" facts: 2^31 + id). */
export const NEURON_FACT_BASE = 2 ** 31;

/** The neuron facts of the greatest `maxActiveNeurons` of `active` (sorted in place, as Python's list was). */
export function neuronFacts(contexts: readonly Context[], active: number[], maxActiveNeurons: number): number[] {
  active.sort((x, y) => compareActive(contexts, x, y));
  return active.slice(-maxActiveNeurons).map((id) => NEURON_FACT_BASE + id);
}

/** aContextsCMP: by activations, then left hash, then right hash. */
function compareActive(contexts: readonly Context[], x: number, y: number): number {
  const a = contexts[x]!;
  const b = contexts[y]!;
  if (a.activations !== b.activations) return a.activations - b.activations;
  if (a.leftHash !== b.leftHash) return a.leftHash < b.leftHash ? -1 : 1;
  if (a.rightHash !== b.rightHash) return a.rightHash < b.rightHash ? -1 : 1;
  return 0;
}
