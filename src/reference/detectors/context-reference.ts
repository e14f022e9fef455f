// DETECTOR_CONTEXT in plain TypeScript: the Contextual Anomaly Detector, Open Source Edition
// (M. Smirnov, 2016; NAB's `context_ose` detector, which scored 69.9 on NAB's standard profile),
// written as close to NAB's Python (nab/detectors/context_ose/cad_ose.py and context_operator.py)
// as TypeScript allows: the same lists, the same dictionaries, the same loops in the same order.
// The oracle assembly/detectors/context-detector.ts is tested against, bit for bit; read the
// kernel's header for the method, its parameters and the bounds added to it.
//
// What "the same" takes, beyond the obvious:
// - Python 2 keyed semi-contexts by the hash of their fact tuple and broke ties between active
//   contexts by (activations, left hash, right hash). Both hashes matter to the result, so they are
//   Python 2.7's tuple hash on 64-bit Linux, computed here with BigInt (pythonTupleHash).
// - Which new contexts get which ids depends on the order in which a left semi-context's
//   {right semi-context id → context id} dictionary is walked. That is CPython 2.7's dict order,
//   emulated by PyIntDict (same probing, same resize rule), so ids come out as Python's did.
// - `self.newContextID != contextID` with newContextID = False skips context 0: in Python
//   False == 0. Kept, since the published score came from it.
// Only non-Python parts: the bounded context memory (maxContexts), the clamped bin index and the
// learned value range (NaN inputMin/inputMax), all described in the kernel's header.
//
// Its parts, one concept a file as in the kernel: the parameters (context-reference-params.ts),
// the tuple hash (-hash), the dict order (-dict), the memory and making contexts (-store), the
// statistics and right crossing (-statistics), the proposed contexts (-proposals), the neuron
// facts (-neurons) and the left crossing with its prediction (-crossing). This file is one row's
// step, in cad_ose.py's order, and the score.

import { addProposedContexts, pairKey } from './context-reference-proposals.js';
import { CONTEXT_DEFAULTS, validateContextParams, type ContextParams } from './context-reference-params.js';
import { crossLeft } from './context-reference-crossing.js';
import { neuronFacts } from './context-reference-neurons.js';
import { updateContextsAndGetActive } from './context-reference-statistics.js';
import { ContextStore, type Context } from './context-reference-store.js';

export { pythonTupleHash } from './context-reference-hash.js';
export { PyIntDict } from './context-reference-dict.js';
export {
  CONTEXT_DEFAULTS,
  CONTEXT_PARAM_ORDER,
  contextParamWords,
  validateContextParams,
  type ContextParams,
} from './context-reference-params.js';

/** The fact of bit `bit` of a quantised value having value `one` (CAD's "sensor" facts). */
const SENSOR_FACT_BASE = 65536;

/** One output row, as ctxStep writes it (detector-output.ts). */
export interface ContextRow {
  score: number;
  expected: number;
  lower: number;
  upper: number;
  direction: number;
  warmup: boolean;
  anomaly: boolean;
}

/** The reference detector: one series, one instance. */
export class ContextReference {
  readonly params: ContextParams;
  private readonly maxBin: number;
  private min: number;
  private max: number;
  private readonly learnMin: boolean;
  private readonly learnMax: boolean;

  private readonly store: ContextStore;
  readonly contexts: Context[];
  /** Python's newContextID: the zero-level context made this step, else False, i.e. 0. */
  private newContextId = 0;

  private leftFactsGroup: number[] = [];
  private lastPredictions = new Set<number>();
  /** The last restPeriod raw scores, led by Python's initial 1.0 until it slides out. */
  private readonly history: number[] = [1.0];

  constructor(params: Partial<ContextParams> = {}) {
    this.params = { ...CONTEXT_DEFAULTS, ...params };
    validateContextParams(this.params);
    this.store = new ContextStore(this.params.maxContexts);
    this.contexts = this.store.contexts;
    this.maxBin = 2 ** this.params.valueBits - 1;
    this.learnMin = Number.isNaN(this.params.inputMin);
    this.learnMax = Number.isNaN(this.params.inputMax);
    this.min = this.learnMin ? Infinity : this.params.inputMin;
    this.max = this.learnMax ? -Infinity : this.params.inputMax;
  }

  /** Contexts learned so far. */
  get contextCount(): number {
    return this.contexts.length;
  }

  /** Scores one value (finite: the host filters the rest). */
  step(value: number): ContextRow {
    if ((this.learnMin && value < this.min) || (this.learnMax && value > this.max)) {
      const range = Math.max(this.max, value) - Math.min(this.min, value);
      const pad = this.params.rangePadding * (range === Infinity ? 0 : range);
      if (this.learnMin && value < this.min) this.min = value - pad;
      if (this.learnMax && value > this.max) this.max = value + pad;
    }
    let fullRange = this.max - this.min;
    if (fullRange === 0) fullRange = this.maxBin;
    const valueStep = fullRange / this.maxBin;
    const bin = Math.min(this.maxBin, Math.max(0, Math.trunc((value - this.min) / valueStep)));

    const sensors: number[] = [];
    for (let b = 0; b < this.params.valueBits; b++) sensors.push(SENSOR_FACT_BASE + b * 2 + ((bin >> b) & 1));

    const band = this.band(valueStep);
    const predicted = sensors.every((f) => this.lastPredictions.has(f));

    const [predictions, selectedActive, addedToPotential] = this.cadStep(sensors);
    this.lastPredictions = predictions;
    const current = predicted ? 0 : (1.0 - selectedActive + addedToPotential) / 2.0;

    const recent = this.history.slice(-this.params.restPeriod);
    const warmup = this.sentinel;
    const score = Math.max(...recent) < this.params.baseThreshold ? current : 0.0;
    this.history.push(current);
    if (this.history.length > this.params.restPeriod) {
      this.history.shift();
      this.sentinel = false;
    }
    let direction = 0;
    if (value > band.upper) direction = 1;
    else if (value < band.lower) direction = -1;
    return {
      score,
      expected: band.expected,
      lower: band.lower,
      upper: band.upper,
      direction,
      warmup,
      anomaly: !warmup && score >= this.params.threshold,
    };
  }

  /** Whether Python's initial 1.0 is still among the last restPeriod scores. */
  private sentinel = true;

  /** The hull of the value bins whose every fact was predicted; NaN when none was. */
  private band(valueStep: number): { expected: number; lower: number; upper: number } {
    let lo = -1;
    let hi = -1;
    for (let j = 0; j <= this.maxBin; j++) {
      let all = true;
      for (let b = 0; b < this.params.valueBits; b++) {
        if (!this.lastPredictions.has(SENSOR_FACT_BASE + b * 2 + ((j >> b) & 1))) all = false;
      }
      if (!all) continue;
      if (lo < 0) lo = j;
      hi = j;
    }
    if (lo < 0) return { expected: NaN, lower: NaN, upper: NaN };
    const lower = this.min + lo * valueStep;
    const upper = hi === this.maxBin ? this.min + hi * valueStep : this.min + (hi + 1) * valueStep;
    return { expected: (lower + upper) / 2, lower, upper };
  }

  /** cad_ose.py's step(): (predicted facts, share of selected contexts active, share of potential new contexts added). */
  private cadStep(currSensFacts: readonly number[]): [Set<number>, number, number] {
    const unique = new Set<string>();
    let newContextFlag = false;
    if (this.leftFactsGroup.length > 0 && currSensFacts.length > 0) {
      unique.add(pairKey(this.leftFactsGroup, currSensFacts));
      const made = this.store.addZeroLevel(this.leftFactsGroup, currSensFacts);
      if (made !== undefined) this.newContextId = made;
      newContextFlag = made !== undefined;
    }
    const { active, selected, potential } = updateContextsAndGetActive(
      this.store, currSensFacts, this.newContextId, newContextFlag, this.params.maxLeftSemiContextLength,
    );
    this.newContextId = 0;
    for (const p of potential) unique.add(pairKey(p[0], p[1]));
    const selectedActive = selected > 0 ? active.length / selected : 0.0;

    const neurons = neuronFacts(this.contexts, active, this.params.maxActiveNeurons);
    this.leftFactsGroup = [...new Set([...currSensFacts, ...neurons])].sort((a, b) => a - b);

    // contextCrosser(leftOrRight=0) stores the proposals before it crosses, so they are crossed too.
    let added = potential.length > 0 ? addProposedContexts(this.store, potential) : 0;
    const predictions = crossLeft(this.store, this.leftFactsGroup);
    if (newContextFlag) added += 1;
    const addedToPotential = newContextFlag && unique.size > 0 ? added / unique.size : 0.0;
    return [predictions, selectedActive, addedToPotential];
  }
}
