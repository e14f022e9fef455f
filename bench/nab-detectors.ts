// The detectors `npm run bench:nab` scores: every detector in eddy's catalog at its defaults, and
// NAB's own windowed-Gaussian baseline rewritten in TypeScript — it scores 39.6 on NAB's published
// board, so landing there checks the whole scoring pipeline end to end.

import type { NabDetector, NabSeries } from './nab-bench.js';
import { eddyNabDetectors } from './nab-eddy-detectors.js';

const SQRT_PI = Math.sqrt(Math.PI);

/**
 * erfc(x) to within a few ulps, the way CPython's math module long computed it: a power series
 * for |x| < 1.5, a continued fraction beyond. The tail scores below are 1 − Q(z) and crowd just
 * under 1, so a cruder approximation (1e-7) would reorder them and move the chosen threshold.
 */
function erfc(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1.5) {
    // erf(x) = 2x·e^(−x²)/√π · Σ (2x²)^k / (1·3·…·(2k+1)), summed from the innermost term out.
    const x2 = x * x;
    let acc = 0;
    let fk = 25.5;
    for (let i = 0; i < 25; i++) {
      acc = 2 + (x2 * acc) / fk;
      fk -= 1;
    }
    return 1 - (acc * x * Math.exp(-x2)) / SQRT_PI;
  }
  if (ax >= 30) return x > 0 ? 0 : 2;
  const x2 = ax * ax;
  let a = 0;
  let da = 0.5;
  let p = 1;
  let pLast = 0;
  let q = da + x2;
  let qLast = 1;
  for (let i = 0; i < 50; i++) {
    a += da;
    da += 2;
    const b = da + x2;
    [p, pLast] = [b * p - a * pLast, p];
    [q, qLast] = [b * q - a * qLast, q];
  }
  const cf = ((p / q) * ax * Math.exp(-x2)) / SQRT_PI;
  return x > 0 ? cf : 2 - cf;
}

/** P(X > x) for X ~ N(mean, std²), mirrored below the mean (NAB's `normalProbability`). */
function normalTail(x: number, mean: number, std: number): number {
  const xp = x < mean ? 2 * mean - x : x;
  return 0.5 * erfc((xp - mean) / std / Math.SQRT2);
}

const WINDOW = 6400;
const STEP = 100;
// NAB's guard against a flat window, which would otherwise divide by zero.
const MIN_STD = 0.000001;

/**
 * NAB's `windowedGaussian` baseline: each value's score is 1 − its two-sided-mirrored Gaussian
 * tail probability under the mean and standard deviation of up to the last 6400 values. The fit
 * follows every value until the window is full, then moves 100 values at a time.
 */
export const windowedGaussian: NabDetector = {
  name: 'windowed-gaussian',
  run(series: NabSeries): Float64Array {
    const { values } = series;
    const out = new Float64Array(values.length);
    const ring = new Float64Array(WINDOW);
    let filled = 0;
    let oldest = 0;
    let pending = 0;
    let mean = 0;
    let std = 1;
    // Welford while the window grows: refitting all of it per value would cost O(6400²) per file.
    let m2 = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      out[i] = filled > 0 ? 1 - normalTail(v, mean, std) : 0;
      if (filled < WINDOW) {
        ring[filled++] = v;
        const delta = v - mean;
        mean += delta / filled;
        m2 += delta * (v - mean);
        std = Math.sqrt(m2 / filled) || MIN_STD;
        continue;
      }
      // The window only moves once STEP values are buffered; they wait in the slots they replace.
      ring[(oldest + pending++) % WINDOW] = v;
      if (pending < STEP) continue;
      oldest = (oldest + STEP) % WINDOW;
      pending = 0;
      let sum = 0;
      for (let k = 0; k < WINDOW; k++) sum += ring[k]!;
      mean = sum / WINDOW;
      let sq = 0;
      for (let k = 0; k < WINDOW; k++) sq += (ring[k]! - mean) ** 2;
      std = Math.sqrt(sq / WINDOW) || MIN_STD;
    }
    return out;
  },
};

/** Every detector `npm run bench:nab` runs, in table order before sorting: eddy's, and NAB's baseline as a check on the scorer. */
export const nabDetectors: NabDetector[] = [...eddyNabDetectors(), windowedGaussian];
