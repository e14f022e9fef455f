// DETECTOR_CONTEXT's parameters: the interface, the f64 words ctxCreate reads them from, CAD OSE's
// defaults and the validation that refuses what the kernel cannot honour. Apart from the detector
// because the catalog, the benches and the tests need the param words without the reference itself.

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

/**
 * The parameters' defaults: CAD OSE's own, but one active neuron instead of 15 (5.9× faster, 1/20 of
 * the state, the same NAB score with a learned range and 2.1 points less with the file's: DESIGN.md
 * "Anomaly detection"), plus eddy's threshold (0.4 and rangePadding 1 chosen on NAB for a learned
 * range; with the file's range NAB's best threshold is 0.71) and memory bound (maxContexts).
 */
export const CONTEXT_DEFAULTS: ContextParams = {
  inputMin: NaN,
  inputMax: NaN,
  threshold: 0.4,
  restPeriod: 150,
  baseThreshold: 0.75,
  maxLeftSemiContextLength: 7,
  maxActiveNeurons: 1,
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
