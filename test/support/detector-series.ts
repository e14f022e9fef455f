// What the detector tests share: the debug kernel's detector functions, running a detector over a
// series in WASM and in its TypeScript reference, word-for-word comparison of the rows, random
// series for the property tests and seeded white noise with one injected anomaly for the others.

import fc from 'fast-check';
import { seededRandom } from '../../src/demo/seeded-random.js';
import { DET_ANOMALY, DET_OUT_F64, DET_WARMUP } from '../../src/detect/detector-output.js';
import { resolveDetectorParams, type DetectorName } from '../../src/detect/detector-catalog.js';
import { runResolvedSeries } from '../../src/detect/series-detector.js';
import { referenceFor } from '../../src/reference/detectors/reference-for.js';
import { runReference } from '../../src/reference/detectors/detector-reference.js';
import { detectorExports, type DetectorExports } from '../../src/wasm/detector-exports.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';

/** The debug build (bounds checks, assertions), one instance per test file. */
export function debugDetectors(): DetectorExports {
  return detectorExports(instantiateKernel('debug'));
}

const WORD_NAMES = ['score', 'expected', 'lower', 'upper', 'direction', 'warmup', 'anomaly'] as const;

/**
 * The first word where the kernel's rows and the reference's differ (Object.is: −0 ≠ +0, NaN = NaN),
 * described for a failure message, or undefined when every word is identical.
 */
export function firstDifference(kernelRows: Float64Array, referenceRows: Float64Array, values: ArrayLike<number>): string | undefined {
  if (kernelRows.length !== referenceRows.length) return `row counts differ: ${kernelRows.length / DET_OUT_F64} vs ${referenceRows.length / DET_OUT_F64}`;
  for (let i = 0; i < kernelRows.length; i++) {
    if (!Object.is(kernelRows[i], referenceRows[i])) {
      const row = Math.floor(i / DET_OUT_F64);
      return `row ${row} (value ${values[row]}), ${WORD_NAMES[i % DET_OUT_F64]}: WASM ${kernelRows[i]}, reference ${referenceRows[i]}`;
    }
  }
  return undefined;
}

/** Runs `name` with `params` over the series in the kernel and in the reference: both row arrays. */
export function bothRows(
  k: DetectorExports,
  name: DetectorName,
  params: Readonly<Record<string, number>>,
  values: ArrayLike<number>,
): { kernel: Float64Array; reference: Float64Array } {
  const detector = resolveDetectorParams(name, params);
  const times = Float64Array.from({ length: values.length }, (_, i) => i * 1000);
  return {
    kernel: runResolvedSeries(k, detector, times, values),
    reference: runReference(referenceFor(detector.spec.kind, detector.words), times, values),
  };
}

/** A standard normal draw (Box–Muller) from a seeded uniform source. */
export function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** One piece of a random series. */
type Segment =
  | { readonly kind: 'constant'; readonly value: number; readonly length: number }
  | { readonly kind: 'noise'; readonly base: number; readonly scale: number; readonly length: number; readonly seed: number }
  | { readonly kind: 'raw'; readonly values: readonly number[] };

/** A finite double of magnitude 10^−150 … 10^150 (either sign), or a zero of either sign. */
const anyMagnitude = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.integer({ min: -150, max: 150 }), fc.boolean()).map(([m, e, neg]) => (neg ? -1 : 1) * m * 10 ** e) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, -1) },
);

const segment: fc.Arbitrary<Segment> = fc.oneof(
  fc.record({ kind: fc.constant('constant' as const), value: anyMagnitude, length: fc.integer({ min: 1, max: 60 }) }),
  fc.record({
    kind: fc.constant('noise' as const),
    base: anyMagnitude,
    scale: fc.integer({ min: -150, max: 150 }).map((e) => 10 ** e),
    length: fc.integer({ min: 1, max: 150 }),
    seed: fc.integer(),
  }),
  fc.record({ kind: fc.constant('raw' as const), values: fc.array(anyMagnitude, { minLength: 1, maxLength: 30 }) }),
);

/**
 * Random series: constant runs, Gaussian noise around a base, raw doubles of any magnitude in
 * [1e-150, 1e150] and both signs, zeros of both signs, concatenated. Magnitudes stop at 1e150 so
 * that squared deviations stay finite (the detectors' documented range).
 */
export const randomSeries: fc.Arbitrary<Float64Array> = fc.array(segment, { minLength: 1, maxLength: 8 }).map((segments) => {
  const out: number[] = [];
  for (const s of segments) {
    if (s.kind === 'constant') for (let i = 0; i < s.length; i++) out.push(s.value);
    else if (s.kind === 'noise') {
      const r = seededRandom(s.seed);
      for (let i = 0; i < s.length; i++) out.push(s.base + s.scale * normal(r));
    } else out.push(...s.values);
  }
  return Float64Array.from(out);
});

/** The shapes of anomaly the detection tests inject into white noise. */
export type AnomalyShape = 'spike' | 'dip' | 'level-shift' | 'trend-change' | 'variance-change';

/** Where the anomaly starts in an injected series, and its length. */
export const INJECT_AT = 1500;
export const INJECTED_LENGTH = 3000;

/**
 * Seeded white noise N(100, 1) of INJECTED_LENGTH rows with one anomaly from row INJECT_AT:
 * spike +8σ / dip −8σ at that row only; level shift +6σ from it on; trend change to a slope of
 * +0.1σ per row from it on; variance change to σ = 5 from it on.
 */
export function injectedSeries(shape: AnomalyShape, seed: number): Float64Array {
  const r = seededRandom(seed);
  const out = new Float64Array(INJECTED_LENGTH);
  for (let i = 0; i < out.length; i++) {
    const after = i >= INJECT_AT;
    const noise = normal(r);
    let v = 100 + noise;
    if (shape === 'spike' && i === INJECT_AT) v += 8;
    if (shape === 'dip' && i === INJECT_AT) v -= 8;
    if (shape === 'level-shift' && after) v += 6;
    if (shape === 'trend-change' && after) v += 0.1 * (i - INJECT_AT + 1);
    if (shape === 'variance-change' && after) v = 100 + 5 * noise;
    out[i] = v;
  }
  return out;
}

/** Indices of rows flagged anomalous in [from, to). */
export function flaggedRows(rows: Float64Array, from = 0, to = rows.length / DET_OUT_F64): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (rows[i * DET_OUT_F64 + DET_ANOMALY] === 1) out.push(i);
  return out;
}

/** Rows that are not warmup rows. */
export function judgedRows(rows: Float64Array): number {
  let n = 0;
  for (let i = 0; i < rows.length / DET_OUT_F64; i++) if (rows[i * DET_OUT_F64 + DET_WARMUP] === 0) n++;
  return n;
}
