import { describe, expect, it } from 'vitest';
import { createHyperLogLog, hyperLogLogExports } from '../../src/wasm/hyperloglog-exports.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { hashStringsInWasm } from '../support/hash-input.js';

const kernel = instantiateKernel('debug');
const hll = hyperLogLogExports(kernel);
const BATCH = 4096;

/** A sketch of `n` distinct strings `<seed>:<i>`, hashed and added in WASM batch by batch. */
function sketchOf(n: number, precision: number, seed: string): number {
  const s = createHyperLogLog(hll, precision);
  for (let from = 0; from < n; from += BATCH) {
    const values = Array.from({ length: Math.min(BATCH, n - from) }, (_, i) => `${seed}:${from + i}`);
    const batch = hashStringsInWasm(kernel, values);
    hll.hllAddHashes(s, batch.ptr, batch.n);
  }
  return s;
}

function relativeError(n: number, precision: number, seed: string): number {
  const s = sketchOf(n, precision, seed);
  const estimate = hll.hllEstimate(s);
  hll.hllFree(s);
  return (estimate - n) / n;
}

describe('HyperLogLog stays within 3 standard errors (1.04/√2^p) of the true distinct count', () => {
  // 10^4 … 5·10^4 at p = 14 is 0.6 m … 3 m: where raw HyperLogLog is biased and HLL++ switches
  // from linear counting to bias tables. Ertl's estimator must need neither.
  const cases: [number, number][] = [
    [14, 1_000],
    [14, 10_000],
    [14, 20_000],
    [14, 50_000],
    [14, 100_000],
    [14, 1_000_000],
    [10, 100],
    [10, 3_000],
    [10, 100_000],
    [16, 200_000],
  ];
  it.each(cases)('p = %i, %i distinct values', (precision, n) => {
    const bound = 3 * (1.04 / Math.sqrt(2 ** precision));
    const err = relativeError(n, precision, `hll-accuracy-${precision}-${n}`);
    expect(Math.abs(err)).toBeLessThan(bound);
  });

  it('tiny sets are counted almost exactly (linear-counting regime): 0, 1, 2, 10 values at p = 14', () => {
    for (const n of [0, 1, 2, 10]) {
      const s = sketchOf(n, 14, 'tiny');
      expect(Math.abs(hll.hllEstimate(s) - n)).toBeLessThan(0.01 + n * 0.001);
      hll.hllFree(s);
    }
  });
});
