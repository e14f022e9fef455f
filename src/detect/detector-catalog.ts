// Every detector a user can name: its kind code, its params in the f64 word order its kernel reads
// (assembly/detectors/<name>.ts), their defaults and ranges, and the false-positive rate it is
// documented (and tested, test/unit/detector-false-positive-rate.test.ts) to stay under.
// resolveDetectorParams turns what a user wrote into those words, or says what to fix.

import { nearestName } from '../text/edit-distance.js';
import { DETECTOR_CHANGE_POINT, DETECTOR_CONTEXT, DETECTOR_MAD, DETECTOR_SPIKE_DIP, DETECTOR_ZSCORE } from './detector-output.js';

/** One parameter: an f64 word of the detector's params, in order. */
export interface DetectorParamSpec {
  readonly name: string;
  /** Used when the user gives none. */
  readonly default: number;
  /** Inclusive bounds. */
  readonly min: number;
  readonly max: number;
  /** Whole numbers only (window sizes, event counts, modes). */
  readonly integer: boolean;
  readonly doc: string;
}

/** What one detector is and takes. */
export interface DetectorSpec {
  /** As users write it. */
  readonly name: DetectorName;
  /** DETECTOR_* code, as dispatched by assembly/detectors/detector-dispatch.ts. */
  readonly kind: number;
  readonly description: string;
  /** In f64 word order. */
  readonly params: readonly DetectorParamSpec[];
  /** The param that moves the anomaly flag, for threshold sweeps. */
  readonly thresholdParam: string;
  /**
   * Flagged rows per judged (non-warmup) row on Gaussian white noise at the defaults: an upper
   * bound with margin over the measured rate (quoted in test/unit/detector-false-positive-rate.test.ts,
   * which holds every detector to it).
   */
  readonly falsePositiveRate: number;
  /** What it flags, and what it documents not flagging. */
  readonly flags: string;
}

export type DetectorName = 'context' | 'zscore' | 'mad' | 'spike-dip' | 'change-point';

const zscore: DetectorSpec = {
  name: 'zscore',
  kind: DETECTOR_ZSCORE,
  description: 'distance from an exponentially weighted mean, in exponentially weighted standard deviations',
  params: [
    { name: 'alpha', default: 0.02, min: 1e-4, max: 1, integer: false, doc: 'weight of the newest event in the mean and variance (half-life ln 2/alpha ≈ 35 events at 0.02); the first 1/alpha events are weighted equally' },
    { name: 'threshold', default: 4, min: 0.5, max: 8, integer: false, doc: 'σ: |z| at or above it is an anomaly; the band is mean ± threshold·σ' },
    { name: 'warmup', default: 30, min: 2, max: 1e9, integer: true, doc: 'events seen before the first judged row' },
  ],
  thresholdParam: 'threshold',
  falsePositiveRate: 3e-4,
  flags: 'spikes, dips, the start of level shifts, variance increases; not steady trends (the mean follows them)',
};

const mad: DetectorSpec = {
  name: 'mad',
  kind: DETECTOR_MAD,
  description: 'robust z-score against the median and median absolute deviation of the last `window` values',
  params: [
    { name: 'window', default: 64, min: 3, max: 8192, integer: true, doc: 'values the median and MAD are taken over (the values before the judged one)' },
    { name: 'threshold', default: 4, min: 0.5, max: 8, integer: false, doc: 'robust σ (1.4826·MAD): |z| at or above it is an anomaly; the band is median ± threshold·σ' },
    { name: 'warmup', default: 32, min: 2, max: 1e9, integer: true, doc: 'events seen before the first judged row' },
  ],
  thresholdParam: 'threshold',
  falsePositiveRate: 1e-3,
  flags: 'spikes, dips, level shifts (for about window/2 rows), variance increases; every non-median value once more than half the window is one value',
};

const spikeDip: DetectorSpec = {
  name: 'spike-dip',
  kind: DETECTOR_SPIKE_DIP,
  description: 'sudden temporary deviations from a short median level, scored against the last historySize residuals (as AnomalyDetection_SpikeAndDip)',
  params: [
    { name: 'mode', default: 0, min: 0, max: 2, integer: true, doc: '0 spikes and dips, 1 spikes only, 2 dips only' },
    { name: 'confidence', default: 99.5, min: 50, max: 99.99, integer: false, doc: 'percent: a row whose two-sided Gaussian confidence reaches it is an anomaly (about 100 − confidence percent of noise rows are flagged)' },
    { name: 'historySize', default: 120, min: 8, max: 8192, integer: true, doc: 'residuals the noise scale is taken over; rows are warmup until half of them are in' },
    { name: 'levelWindow', default: 5, min: 1, max: 63, integer: true, doc: 'values the local level (their median) is taken over; a level shift is flagged for at most ⌈levelWindow/2⌉ rows' },
  ],
  thresholdParam: 'confidence',
  falsePositiveRate: 1e-2,
  flags: 'spikes and dips at their row, the first ⌈levelWindow/2⌉ rows of a level shift; not the rest of a shift, not slow trends',
};

const changePoint: DetectorSpec = {
  name: 'change-point',
  kind: DETECTOR_CHANGE_POINT,
  description: 'persistent level or trend changes: two-sided CUSUM on clipped standardised residuals, restarting after each alarm',
  params: [
    { name: 'drift', default: 0.5, min: 0, max: 5, integer: false, doc: 'δ, σ per event subtracted from each side: half the smallest shift worth detecting' },
    { name: 'threshold', default: 8, min: 0.5, max: 1000, integer: false, doc: 'λ, σ: a CUSUM reaching it is an alarm; score = CUSUM/λ' },
    { name: 'clip', default: 3, min: 0.5, max: 100, integer: false, doc: 'σ: residuals are clipped to ±clip, so one value adds at most clip − drift and a lone spike cannot fire while threshold > clip − drift' },
    { name: 'alpha', default: 0.01, min: 1e-4, max: 1, integer: false, doc: 'weight of the newest event in the level and σ once 1/alpha events are in' },
    { name: 'warmup', default: 30, min: 2, max: 1e9, integer: true, doc: 'events that learn the level (and, the first time, σ) before judging; repeated after every alarm' },
  ],
  thresholdParam: 'threshold',
  falsePositiveRate: 2e-4,
  flags: 'level shifts (≥ 3σ within 5 rows), trend changes (0.1σ/row within 30 rows); not isolated spikes or dips',
};

const context: DetectorSpec = {
  name: 'context',
  kind: DETECTOR_CONTEXT,
  description: 'learned: NAB\'s Contextual Anomaly Detector (CAD OSE), ported exactly — scores how unexpected a value is given the contexts (sequences of quantised values) it has learned',
  params: [
    { name: 'inputMin', default: NaN, min: -Number.MAX_VALUE, max: Number.MAX_VALUE, integer: false, doc: 'smallest value the series takes, when known (NAB gives it); absent: learned from the values seen, padded by rangePadding' },
    { name: 'inputMax', default: NaN, min: -Number.MAX_VALUE, max: Number.MAX_VALUE, integer: false, doc: 'largest value the series takes, when known; absent: learned like inputMin' },
    { name: 'threshold', default: 0.4, min: 0, max: 1, integer: false, doc: 'score at or above which a row is an anomaly (0.4 is near the best single threshold on NAB with a learned range, 0.38, above the cliff below it; 0.71 with the range given)' },
    { name: 'restPeriod', default: 150, min: 1, max: 1_000_000, integer: true, doc: 'rows after a raw score ≥ baseThreshold whose scores are reported as 0 (CAD\'s suppression of repeated alarms); the first restPeriod rows are warmup' },
    { name: 'baseThreshold', default: 0.75, min: 1e-9, max: 1, integer: false, doc: 'raw score that starts a rest period' },
    { name: 'maxLeftSemiContextLength', default: 7, min: 1, max: 64, integer: true, doc: 'facts in a left semi-context made from a partial match' },
    { name: 'maxActiveNeurons', default: 1, min: 1, max: 64, integer: true, doc: 'active contexts carried to the next step as facts (CAD OSE used 15: its published NAB score; 1 is 5.9× faster with 1/20 of the state, the same score with a learned range, 2.1 points less with the range given)' },
    { name: 'valueBits', default: 3, min: 1, max: 3, integer: true, doc: 'bits a value is quantised to (2^valueBits levels between min and max)' },
    { name: 'maxContexts', default: 65536, min: 1, max: 1 << 22, integer: true, doc: 'contexts remembered at most; when full the model stops learning new ones (its bound on memory: ~0.1–0.4 MB per key seen at the defaults, up to ~7.4 MB with maxActiveNeurons 15)' },
    { name: 'rangePadding', default: 1, min: 0, max: 10, integer: false, doc: 'when a learned bound is passed, it moves this fraction of the new range beyond the value' },
  ],
  thresholdParam: 'threshold',
  falsePositiveRate: 1e-2,
  flags: 'unexpected values given the learned sequence context: spikes, dips, level and pattern changes in periodic or structured series; weaker than zscore on a lone spike in pure noise',
};

/** Every detector, best first: the order `eddy backtest --list` prints. */
export const DETECTORS_BEST_FIRST: readonly DetectorSpec[] = [context, mad, spikeDip, changePoint, zscore];

/** A detector's spec by name, or undefined. */
export function detectorSpec(name: string): DetectorSpec | undefined {
  return DETECTORS_BEST_FIRST.find((d) => d.name === name);
}

/** A detector name or parameter that cannot be used; the message says what to write instead. */
export class DetectorParamError extends Error {
  override readonly name = 'DetectorParamError';
}

/** A detector with its params resolved to the words its kernel reads. */
export interface ResolvedDetector {
  readonly spec: DetectorSpec;
  /** One f64 per spec.params entry, in order. */
  readonly words: Float64Array;
}

/**
 * The detector `name` with `userParams` (numbers, or numeric strings from a command line) over
 * its defaults. Throws DetectorParamError naming the detector, the parameter and the fix for an
 * unknown name, an unknown param, a non-number, a fraction where a whole number is needed, a value
 * out of range, or a combination that cannot work.
 */
export function resolveDetectorParams(name: string, userParams: Readonly<Record<string, string | number>> = {}): ResolvedDetector {
  const spec = detectorSpec(name);
  if (!spec) {
    const known = DETECTORS_BEST_FIRST.map((d) => d.name);
    throw new DetectorParamError(`unknown detector "${name}"${suggestion(name, known)} (known: ${known.join(', ')})`);
  }
  const names = spec.params.map((p) => p.name);
  for (const key of Object.keys(userParams)) {
    if (!names.includes(key)) {
      throw new DetectorParamError(`detector "${spec.name}" has no parameter "${key}"${suggestion(key, names)} (its parameters: ${names.join(', ')})`);
    }
  }
  const words = new Float64Array(spec.params.length);
  spec.params.forEach((p, i) => {
    const raw = userParams[p.name];
    words[i] = raw === undefined ? p.default : checkValue(spec.name, p, raw);
  });
  if (spec.kind === DETECTOR_CHANGE_POINT) {
    const [drift, , clip] = words;
    if (!(clip! > drift!)) {
      throw new DetectorParamError(`detector "change-point": clip (${clip}) must be greater than drift (${drift}), or no residual can add to the CUSUM — raise clip or lower drift`);
    }
  }
  return { spec, words };
}

function checkValue(detector: string, p: DetectorParamSpec, raw: string | number): number {
  const v = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
  const what = `detector "${detector}": parameter "${p.name}"`;
  if (!Number.isFinite(v)) throw new DetectorParamError(`${what} must be a finite number, got ${JSON.stringify(raw)} — write e.g. ${p.name}=${p.default}`);
  if (p.integer && !Number.isInteger(v)) throw new DetectorParamError(`${what} must be a whole number, got ${v} — write ${p.name}=${Math.round(v)}`);
  if (v < p.min || v > p.max) {
    throw new DetectorParamError(`${what} is ${v}, outside [${p.min}, ${p.max}] — set it within that range (default ${p.default}): ${p.doc}`);
  }
  return v;
}

/** " — did you mean "x"?" for the nearest candidate within two edits, else "". */
function suggestion(word: string, candidates: readonly string[]): string {
  const best = nearestName(word, candidates);
  return best === undefined ? '' : ` — did you mean "${best}"?`;
}
