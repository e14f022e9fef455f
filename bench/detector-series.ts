// The series the detector benchmarks run on: normal noise around 100, a level shift of 6 every
// 5,000 rows, a spike of +8 every 1,000 and a dip of −8 every 1,500 — something for every detector
// to react to, the same rows for every detector and every build.

import { seededRandom } from '../src/demo/seeded-random.js';

/** `count` rows of the series, from `seed`. */
export function detectorBenchSeries(count: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let v = 100 + gaussian(r) + 6 * Math.floor(i / 5000);
    if (i % 1000 === 999) v += 8;
    if (i % 1500 === 1499) v -= 8;
    out[i] = v;
  }
  return out;
}

/** `count` rows of standard normal noise, from `seed`. */
export function whiteNoise(count: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  return Float64Array.from({ length: count }, () => gaussian(r));
}

/** Box–Muller, one of the pair. */
function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}
