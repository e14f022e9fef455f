// What the DDSketch tests share: the debug kernel's sketch functions, bulk adds through linear
// memory, the exact lower quantile, the α check, and seeded data of the shapes the issue names.

import fc from 'fast-check';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { ddsketchExports, type DdsketchExports } from '../../src/wasm/ddsketch-exports.js';
import { seededRandom } from '../../src/demo/seeded-random.js';

/** The debug build (bounds checks, assertions), one instance per test file. */
export function debugSketches(): DdsketchExports {
  return ddsketchExports(instantiateKernel('debug'));
}

/** Adds values with ddsAddMany, in chunks through the scratch area. */
export function addAll(k: DdsketchExports, s: number, values: ArrayLike<number>): void {
  const chunk = 1 << 16;
  for (let from = 0; from < values.length; from += chunk) {
    const n = Math.min(chunk, values.length - from);
    const p = k.reserveScratch(n * 8);
    // Reserving may grow linear memory and detach older views: take the view after it.
    const view = new Float64Array(k.memory.buffer, p, n);
    for (let i = 0; i < n; i++) view[i] = values[from + i]!;
    k.ddsAddMany(s, p, n);
  }
}

/** The exact order statistic the sketch estimates: rank floor(q·(n−1)) of the ascending values. */
export function exactLowerQuantile(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/** |estimate − exact| ≤ α·|exact|, allowing for the f64 rounding of the bin boundaries (1e-9 of α). */
export function withinRelative(estimate: number, exact: number, alpha: number): boolean {
  return Math.abs(estimate - exact) <= alpha * Math.abs(exact) * (1 + 1e-9);
}

/** The quantiles every accuracy test reads, before any random ones. */
export const NAMED_QUANTILES = [0, 0.5, 0.9, 0.99, 0.999, 1] as const;

const seeded = seededRandom;

/** A standard normal draw (Box–Muller). */
function normal(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** n lognormal values exp(μ + σ·z), seeded: the heavy-tailed shape of latencies. */
export function lognormal(n: number, seed: number, mu = 0, sigma = 1): Float64Array {
  const r = seeded(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.exp(mu + sigma * normal(r));
  return out;
}

/** The shapes of data the accuracy tests cover. */
export type DataShape = 'uniform' | 'lognormal' | 'pareto' | 'constant' | 'negative' | 'zero-heavy' | 'mixed-sign';

/**
 * n values of a shape, seeded. Magnitudes stay within a ratio of about 10^16 per sign, under the
 * 6·10^17 that 2048 bins hold at α = 0.01, so nothing collapses and every quantile must be within α.
 */
export function dataOf(shape: DataShape, n: number, seed: number): number[] {
  const r = seeded(seed);
  const scale = Math.exp((r() - 0.5) * 40);
  const sigma = 0.1 + r() * 3.5;
  const paretoA = 0.6 + r() * 2.5;
  const zeroShare = 0.5 + r() * 0.49;
  const logn = (): number => scale * Math.exp(sigma * normal(r));
  // Pareto with x_m = scale, shape a; capped so that the ratio bound above holds.
  const pareto = (): number => scale * Math.min(Math.pow(1 - r(), -1 / paretoA), 1e15);
  const constant = (r() - 0.5) * 2e6;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (shape) {
      case 'uniform':
        out.push((r() - 0.5) * 2 * scale);
        break;
      case 'lognormal':
        out.push(logn());
        break;
      case 'pareto':
        out.push(pareto());
        break;
      case 'constant':
        out.push(constant);
        break;
      case 'negative':
        out.push(-(r() < 0.5 ? logn() : pareto()));
        break;
      case 'zero-heavy':
        out.push(r() < zeroShare ? 0 : logn());
        break;
      case 'mixed-sign':
        out.push(r() < 0.1 ? 0 : (r() < 0.5 ? -1 : 1) * (r() < 0.5 ? logn() : pareto()));
        break;
    }
  }
  return out;
}

/** A data shape, a size and a seed. */
export const dataSets = fc.record({
  shape: fc.constantFrom<DataShape>('uniform', 'lognormal', 'pareto', 'constant', 'negative', 'zero-heavy', 'mixed-sign'),
  n: fc.integer({ min: 1, max: 3000 }),
  seed: fc.integer(),
});

/**
 * Arbitrary finite doubles, anything from 1e-300 to 1e300 in magnitude, plus zeros (below the
 * smallest normal a value counts as zero, so those are drawn as 0 rather than as subnormals).
 */
export const anyFiniteValues = fc.array(
  fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }).map((v) => (Math.abs(v) < 1e-300 ? 0 : v)),
    fc.constant(0),
  ),
  { minLength: 1, maxLength: 300 },
);
