// What the detector snapshot tests share: stepping an existing state over a series, and the check
// they all make — save a state mid-series, load it into a fresh debug kernel instance, continue
// both with the rest of the series, and compare every output word.

import fc from 'fast-check';
import { DET_OUT_F64 } from '../../src/detect/detector-output.js';
import type { DetectorName, ResolvedDetector } from '../../src/detect/detector-catalog.js';
import { loadDetectorState, saveDetectorState, savedStateBytes } from '../../src/detect/detector-snapshot.js';
import type { DetectorExports } from '../../src/wasm/detector-exports.js';
import { debugDetectors, firstDifference } from './detector-series.js';

/** A new state of `detector` in `k`. */
export function createState(k: DetectorExports, detector: ResolvedDetector): number {
  const p = k.reserveScratch(detector.words.length * 8);
  new Float64Array(k.memory.buffer, p, detector.words.length).set(detector.words);
  const state = k.detectorCreate(detector.spec.kind, p);
  if (state === 0) throw new Error(`no detector of kind ${detector.spec.kind}`);
  return state;
}

/** Steps `state` over values[from, to) (time = row · 1000): their rows. */
export function stepState(k: DetectorExports, detector: ResolvedDetector, state: number, values: ArrayLike<number>, from: number, to: number): Float64Array {
  const n = to - from;
  const rows = new Float64Array(n * DET_OUT_F64);
  if (n === 0) return rows;
  const base = k.reserveScratch(n * (16 + DET_OUT_F64 * 8));
  const times = new Float64Array(k.memory.buffer, base, n);
  const vals = new Float64Array(k.memory.buffer, base + n * 8, n);
  for (let i = 0; i < n; i++) {
    times[i] = (from + i) * 1000;
    vals[i] = values[from + i]!;
  }
  k.detectorRun(detector.spec.kind, state, base, base + n * 8, n, base + n * 16);
  rows.set(new Float64Array(k.memory.buffer, base + n * 16, n * DET_OUT_F64));
  return rows;
}

/** What one save/load/continue check found. */
export interface ContinuationCheck {
  /** The first differing word after the cut, described; undefined when all are identical. */
  readonly difference: string | undefined;
  /** The snapshot taken at the cut (header included). */
  readonly snapshot: Buffer;
}

/**
 * Runs `detector` over values[0, cut) in `original`, snapshots the state, loads it into a fresh
 * debug instance, continues both over values[cut, end) and compares their rows word for word.
 */
export function continueFromSnapshot(original: DetectorExports, detector: ResolvedDetector, values: ArrayLike<number>, cut: number): ContinuationCheck {
  const kind = detector.spec.kind;
  const state = createState(original, detector);
  try {
    stepState(original, detector, state, values, 0, cut);
    const snapshot = saveDetectorState(original, detector, state);
    const fresh = debugDetectors();
    const loaded = loadDetectorState(fresh, detector, snapshot);
    const expected = stepState(original, detector, state, values, cut, values.length);
    const actual = stepState(fresh, detector, loaded, values, cut, values.length);
    const rest = Array.from({ length: values.length - cut }, (_, i) => values[cut + i]!);
    const difference = firstDifference(actual, expected, rest);
    if (difference) return { difference: `after loading at row ${cut}: ${difference.replace(/^row (\d+)/, (_, r: string) => `row ${cut + Number(r)}`)}`, snapshot };
    // Rows can agree while a state differs (a context learned wrongly that has not spoken yet):
    // the two states' saved bytes after the rest must be the same bytes too.
    const a = savedStateBytes(original, kind, state);
    const b = savedStateBytes(fresh, kind, loaded);
    fresh.detectorFree(kind, loaded);
    if (!a.equals(b)) {
      let at = 0;
      while (at < Math.min(a.length, b.length) && a[at] === b[at]) at++;
      return { difference: `after loading at row ${cut} and the ${rest.length} rows after it, the rows agree but the states differ: saved ${a.length} vs ${b.length} bytes, first difference at byte ${at}`, snapshot };
    }
    return { difference: undefined, snapshot };
  } finally {
    original.detectorFree(kind, state);
  }
}

/** Random params for each detector, within its catalog ranges, small enough to fill windows and models. */
export const snapshotParams: Readonly<Record<DetectorName, fc.Arbitrary<Record<string, number>>>> = {
  zscore: fc.record({
    alpha: fc.double({ min: 1e-4, max: 1, noNaN: true }),
    threshold: fc.double({ min: 0.5, max: 8, noNaN: true }),
    warmup: fc.integer({ min: 2, max: 60 }),
  }),
  mad: fc.record({
    window: fc.integer({ min: 3, max: 80 }),
    threshold: fc.double({ min: 0.5, max: 8, noNaN: true }),
    warmup: fc.integer({ min: 2, max: 60 }),
  }),
  'spike-dip': fc.record({
    mode: fc.integer({ min: 0, max: 2 }),
    confidence: fc.double({ min: 50, max: 99.99, noNaN: true }),
    historySize: fc.integer({ min: 8, max: 80 }),
    levelWindow: fc.integer({ min: 1, max: 15 }),
  }),
  'change-point': fc
    .record({
      drift: fc.double({ min: 0, max: 2, noNaN: true }),
      threshold: fc.double({ min: 0.5, max: 20, noNaN: true }),
      extraClip: fc.double({ min: 0.5, max: 5, noNaN: true }),
      alpha: fc.double({ min: 1e-4, max: 1, noNaN: true }),
      warmup: fc.integer({ min: 2, max: 60 }),
    })
    .map(({ extraClip, ...p }) => ({ ...p, clip: p.drift + extraClip })),
  context: fc
    .record({
      range: fc.option(fc.tuple(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true })), { nil: undefined }),
      restPeriod: fc.integer({ min: 1, max: 40 }),
      maxLeftSemiContextLength: fc.integer({ min: 1, max: 10 }),
      maxActiveNeurons: fc.integer({ min: 1, max: 20 }),
      valueBits: fc.integer({ min: 1, max: 3 }),
      maxContexts: fc.integer({ min: 1, max: 3000 }),
      rangePadding: fc.double({ min: 0, max: 2, noNaN: true }),
    })
    .map(({ range, ...p }) => (range ? { ...p, inputMin: range[0], inputMax: range[0] + range[1] } : p)),
};

/**
 * Series that make the context detector learn, freeze and re-learn: constant runs, small integer
 * levels and noise pieces (random series of wild magnitudes mostly make it meet one new level per
 * row, rarely a known context with neurons, so the state that only matters then needs these).
 */
export const contextSeries: fc.Arbitrary<Float64Array> = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('constant' as const), value: fc.double({ min: -1e6, max: 1e6, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('levels' as const), levels: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 80 }) }),
      fc.record({ kind: fc.constant('cycle' as const), period: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 2, maxLength: 8 }), repeats: fc.integer({ min: 2, max: 30 }) }),
      fc.record({ kind: fc.constant('noise' as const), base: fc.double({ min: -100, max: 100, noNaN: true }), scale: fc.double({ min: 1e-3, max: 50, noNaN: true }), values: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 80 }) }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((pieces) =>
    Float64Array.from(
      pieces.flatMap((p) => {
        switch (p.kind) {
          case 'constant': return Array.from({ length: p.length }, () => p.value);
          case 'levels': return p.levels;
          case 'cycle': return Array.from({ length: p.repeats }, () => p.period).flat();
          case 'noise': return p.values.map((u) => p.base + p.scale * u);
        }
      }),
    ),
  );
