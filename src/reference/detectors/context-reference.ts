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

/** Python 2.7's hash of a tuple of non-negative ints (each int hashes to itself), as a signed 64-bit value. */
export function pythonTupleHash(facts: readonly number[]): bigint {
  let x = 0x345678n;
  let mult = 1000003n;
  let len = facts.length;
  for (const f of facts) {
    len--;
    x = BigInt.asIntN(64, (x ^ BigInt(f)) * mult);
    mult = BigInt.asIntN(64, mult + 82520n + BigInt(len + len));
  }
  x = BigInt.asIntN(64, x + 97531n);
  return x === -1n ? -2n : x;
}

/**
 * A CPython 2.7 dict of int keys (hash = the key) that is only ever inserted into: iterating it
 * yields the keys in CPython's slot order, which is what decides context ids.
 */
export class PyIntDict {
  private keys: (number | undefined)[] = new Array<number | undefined>(8).fill(undefined);
  private values: number[] = new Array<number>(8).fill(0);
  private used = 0;

  get size(): number {
    return this.used;
  }

  get(key: number): number | undefined {
    const at = this.find(this.keys, key);
    return this.keys[at] === key ? this.values[at] : undefined;
  }

  /** dict.setdefault: the existing value, or `value` stored under `key`. */
  setdefault(key: number, value: number): number {
    const at = this.find(this.keys, key);
    if (this.keys[at] === key) return this.values[at]!;
    this.keys[at] = key;
    this.values[at] = value;
    this.used++;
    // PyDict_SetItem: resize when the table is two-thirds full, to 4 × used (no deletions here,
    // so fill = used).
    if (this.used * 3 >= this.keys.length * 2) this.resize(4 * this.used);
    return value;
  }

  /** (key, value) pairs in CPython's iteration order. */
  *entries(): Generator<[number, number]> {
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (k !== undefined) yield [k, this.values[i]!];
    }
  }

  /** The slot holding `key`, or the empty slot where it would go (lookdict's probe sequence). */
  private find(keys: (number | undefined)[], key: number): number {
    const mask = keys.length - 1;
    let i = key & mask;
    if (keys[i] === undefined || keys[i] === key) return i;
    // i and perturb are size_t in C and only i mod 2^k is ever used, so reducing i modulo the
    // table size at every step changes nothing (keys are small non-negative ints: no overflow).
    let perturb = key;
    for (;;) {
      i = (i * 5 + perturb + 1) % keys.length;
      if (keys[i] === undefined || keys[i] === key) return i;
      perturb = Math.floor(perturb / 32);
    }
  }

  private resize(minUsed: number): void {
    let size = 8;
    while (size <= minUsed) size *= 2;
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Array<number | undefined>(size).fill(undefined);
    this.values = new Array<number>(size).fill(0);
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k === undefined) continue;
      const at = this.find(this.keys, k);
      this.keys[at] = k;
      this.values[at] = oldValues[i]!;
    }
  }
}

/** The parameters of DETECTOR_CONTEXT, in the order of the f64 words ctxCreate reads. */
export interface ContextParams {
  /** Smallest value of the series; NaN = unknown, learned as the smallest value seen so far. */
  readonly inputMin: number;
  /** Largest value of the series; NaN = unknown, learned as the largest value seen so far. */
  readonly inputMax: number;
  /** A row is an anomaly when its score is ≥ this (and it is not a warmup row). */
  readonly threshold: number;
  /** After a raw score ≥ baseThreshold, scores are reported as 0 for this many rows (≥ 1). */
  readonly restPeriod: number;
  /** The raw score that starts a rest period. */
  readonly baseThreshold: number;
  /** New contexts are only made from left semi-contexts of at most this many matching facts. */
  readonly maxLeftSemiContextLength: number;
  /** At most this many active contexts (the most often activated) become next step's facts. */
  readonly maxActiveNeurons: number;
  /** Bits a value is quantised to: 2^valueBits levels between inputMin and inputMax (1..3). */
  readonly valueBits: number;
  /** Contexts the detector remembers at most; once full it learns no new ones (its bound on memory and work). */
  readonly maxContexts: number;
  /**
   * When a learned bound is passed, it moves this fraction of the new range beyond the value, so
   * the range (and every level) changes less often.
   */
  readonly rangePadding: number;
}

/** The f64 word of each parameter in ctxCreate's params. */
export const CONTEXT_PARAM_ORDER = [
  'inputMin',
  'inputMax',
  'threshold',
  'restPeriod',
  'baseThreshold',
  'maxLeftSemiContextLength',
  'maxActiveNeurons',
  'valueBits',
  'maxContexts',
  'rangePadding',
] as const satisfies readonly (keyof ContextParams)[];

/** The parameters' defaults: CAD OSE's own, plus eddy's threshold and memory bound (see the kernel's header). */
export const CONTEXT_DEFAULTS: ContextParams = {
  inputMin: NaN,
  inputMax: NaN,
  threshold: 0.5,
  restPeriod: 150,
  baseThreshold: 0.75,
  maxLeftSemiContextLength: 7,
  maxActiveNeurons: 15,
  valueBits: 3,
  maxContexts: 65536,
  rangePadding: 1,
};

/** The params as the f64 words ctxCreate reads, defaults filled in. */
export function contextParamWords(params: Partial<ContextParams> = {}): Float64Array {
  const p = { ...CONTEXT_DEFAULTS, ...params };
  return Float64Array.from(CONTEXT_PARAM_ORDER, (k) => p[k]);
}

/** Refuses parameters the kernel cannot honour, saying which and why. */
export function validateContextParams(p: ContextParams): void {
  const int = (name: keyof ContextParams, lo: number, hi: number, why: string): void => {
    const v = p[name];
    if (!(Number.isInteger(v) && v >= lo && v <= hi)) throw new RangeError(`context detector: ${name} = ${v} must be an integer in [${lo}, ${hi}]: ${why}`);
  };
  int('restPeriod', 1, 1_000_000, 'the rows a raw score ≥ baseThreshold silences');
  int('maxLeftSemiContextLength', 1, 64, 'facts in a left semi-context made from a partial match');
  int('maxActiveNeurons', 1, 64, 'active contexts carried to the next step');
  int('valueBits', 1, 3, 'more levels would need more than 31 right semi-contexts, which the kernel\'s dictionary order emulation does not cover');
  int('maxContexts', 1, 1 << 22, 'the bound on memory');
  if (!(p.baseThreshold > 0 && p.baseThreshold <= 1)) throw new RangeError(`context detector: baseThreshold = ${p.baseThreshold} must be in (0, 1]: CAD's initial history holds a 1.0 that must silence the first restPeriod rows`);
  if (!(p.rangePadding >= 0 && p.rangePadding <= 10)) throw new RangeError(`context detector: rangePadding = ${p.rangePadding} must be in [0, 10]`);
  if (Number.isFinite(p.inputMin) && Number.isFinite(p.inputMax) && p.inputMin > p.inputMax) {
    throw new RangeError(`context detector: inputMin ${p.inputMin} > inputMax ${p.inputMax}: swap them, or give NaN to learn the range`);
  }
}

/** The fact of bit `bit` of a quantised value having value `one` (CAD's "sensor" facts). */
const SENSOR_FACT_BASE = 65536;
/** The fact of context `id` being active (CAD's "neuron" facts: 2^31 + id). */
const NEURON_FACT_BASE = 2 ** 31;

interface LeftSemiContext {
  readonly facts: readonly number[];
  /** The facts of the last crossing it shares with the input, in input order. */
  matched: number[];
  count: number;
  /** Right semi-context id → context id. */
  readonly contexts: PyIntDict;
}

interface RightSemiContext {
  readonly facts: readonly number[];
  matched: number[];
  count: number;
}

interface Context {
  /** Right facts it could have predicted, summed over the steps its left side was fully matched. */
  seen: number;
  /** Right facts it did predict, summed likewise. */
  hits: number;
  /** Steps it was fully matched on both sides. */
  activations: number;
  readonly rightFacts: readonly number[];
  zeroLevel: boolean;
  readonly leftHash: bigint;
  readonly rightHash: bigint;
}

type FactPair = readonly [left: readonly number[], right: readonly number[]];

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

  private readonly leftByHash = new Map<bigint, number>();
  private readonly rightByHash = new Map<bigint, number>();
  private readonly lefts: LeftSemiContext[] = [];
  private readonly rights: RightSemiContext[] = [];
  private readonly leftFacts = new Map<number, LeftSemiContext[]>();
  private readonly rightFacts = new Map<number, RightSemiContext[]>();
  private crossedLeft: LeftSemiContext[] = [];
  private crossedRight: RightSemiContext[] = [];
  readonly contexts: Context[] = [];
  /** Python's newContextID: the zero-level context made this step, else False, i.e. 0. */
  private newContextId = 0;

  private leftFactsGroup: number[] = [];
  private lastPredictions = new Set<number>();
  /** The last restPeriod raw scores, led by Python's initial 1.0 until it slides out. */
  private readonly history: number[] = [1.0];

  constructor(params: Partial<ContextParams> = {}) {
    this.params = { ...CONTEXT_DEFAULTS, ...params };
    validateContextParams(this.params);
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
      newContextFlag = this.addZeroLevelContext(this.leftFactsGroup, currSensFacts);
    }
    const { active, selected, potential } = this.crossRight(currSensFacts, newContextFlag);
    for (const p of potential) unique.add(pairKey(p[0], p[1]));
    const selectedActive = selected > 0 ? active.length / selected : 0.0;

    active.sort((x, y) => compareActive(this.contexts, x, y));
    const neurons = active.slice(-this.params.maxActiveNeurons).map((id) => NEURON_FACT_BASE + id);
    this.leftFactsGroup = [...new Set([...currSensFacts, ...neurons])].sort((a, b) => a - b);

    let [added, predictions] = this.crossLeft(this.leftFactsGroup, potential);
    if (newContextFlag) added += 1;
    const addedToPotential = newContextFlag && unique.size > 0 ? added / unique.size : 0.0;
    return [predictions, selectedActive, addedToPotential];
  }

  /** getContextByFacts(…, zerolevel=1): whether the context was new. */
  private addZeroLevelContext(left: readonly number[], right: readonly number[]): boolean {
    const found = this.findOrAdd(left, right, true);
    if (found === undefined) return false;
    const [id, isNew] = found;
    if (isNew) {
      this.newContextId = id;
      return true;
    }
    this.contexts[id]!.zeroLevel = true;
    return false;
  }

  /** getContextByFacts(…, zerolevel=0): how many of the contexts were new. */
  private addContexts(pairs: readonly FactPair[]): number {
    let added = 0;
    for (const [left, right] of pairs) {
      const found = this.findOrAdd(left, right, false);
      if (found !== undefined && found[1]) added++;
    }
    return added;
  }

  /**
   * The context (left, right) — [id, made now] — creating it and its semi-contexts as Python does,
   * unless it is new and maxContexts are already held: then nothing is made (undefined).
   */
  private findOrAdd(left: readonly number[], right: readonly number[], zeroLevel: boolean): [number, boolean] | undefined {
    const leftHash = pythonTupleHash(left);
    const rightHash = pythonTupleHash(right);
    const leftId = this.leftByHash.get(leftHash);
    const rightId = this.rightByHash.get(rightHash);
    if (leftId !== undefined && rightId !== undefined) {
      const existing = this.lefts[leftId]!.contexts.get(rightId);
      if (existing !== undefined) return [existing, false];
    }
    if (this.contexts.length >= this.params.maxContexts) return undefined;
    let l = leftId;
    if (l === undefined) {
      l = this.lefts.length;
      this.leftByHash.set(leftHash, l);
      const semi: LeftSemiContext = { facts: [...left], matched: [], count: 0, contexts: new PyIntDict() };
      this.lefts.push(semi);
      for (const f of left) pushTo(this.leftFacts, f, semi);
    }
    let r = rightId;
    if (r === undefined) {
      r = this.rights.length;
      this.rightByHash.set(rightHash, r);
      const semi: RightSemiContext = { facts: [...right], matched: [], count: 0 };
      this.rights.push(semi);
      for (const f of right) pushTo(this.rightFacts, f, semi);
    }
    const id = this.contexts.length;
    this.lefts[l]!.contexts.setdefault(r, id);
    this.contexts.push({ seen: 0, hits: 0, activations: 0, rightFacts: [...right], zeroLevel, leftHash, rightHash });
    return [id, true];
  }

  /** contextCrosser(leftOrRight=1) and updateContextsAndGetActive. */
  private crossRight(facts: readonly number[], newContextFlag: boolean): { active: number[]; selected: number; potential: FactPair[] } {
    for (const semi of this.crossedRight) {
      semi.matched = [];
      semi.count = 0;
    }
    for (const f of facts) for (const semi of this.rightFacts.get(f) ?? []) semi.matched.push(f);
    this.crossedRight = [];
    for (const semi of this.rights) {
      semi.count = semi.matched.length;
      if (semi.count > 0) this.crossedRight.push(semi);
    }

    const active: number[] = [];
    let selected = 0;
    const potential: FactPair[] = [];
    const maxLen = this.params.maxLeftSemiContextLength;
    for (const left of this.crossedLeft) {
      for (const [rightId, id] of left.contexts.entries()) {
        if (this.newContextId === id) continue;
        const ctx = this.contexts[id]!;
        const right = this.rights[rightId]!;
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
    this.newContextId = 0;
    return { active, selected, potential };
  }

  /** contextCrosser(leftOrRight=0): (contexts added from `potential`, predicted facts). */
  private crossLeft(facts: readonly number[], potential: readonly FactPair[]): [number, Set<number>] {
    const added = potential.length > 0 ? this.addContexts(potential) : 0;
    let maxWeight = 0.0;
    let predicting: Context[] = [];
    for (const semi of this.crossedLeft) {
      semi.matched = [];
      semi.count = 0;
    }
    for (const f of facts) for (const semi of this.leftFacts.get(f) ?? []) semi.matched.push(f);
    this.crossedLeft = [];
    for (const semi of this.lefts) {
      semi.count = semi.matched.length;
      if (semi.count === 0) continue;
      this.crossedLeft.push(semi);
      if (semi.facts.length !== semi.count) continue;
      for (const [, id] of semi.contexts.entries()) {
        const ctx = this.contexts[id]!;
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
    return [added, predictions];
  }
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

function pairKey(left: readonly number[], right: readonly number[]): string {
  return `${left.join(',')}|${right.join(',')}`;
}

function pushTo<T>(map: Map<number, T[]>, key: number, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}
