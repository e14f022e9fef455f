// Hand-worked sketches, on both implementations. With α = 1/3, γ = (1+α)/(1−α) = 2: bin i holds
// (2^(i−1), 2^i] and stands for 2·2^i/3, so the numbers can be checked by hand.
//
//   index          2        3        4         5
//   holds        (2,4]    (4,8]    (8,16]   (16,32]
//   estimate     2.667    5.333    10.667    21.333
//   values         3        6        12        24
//
//   maxBins 2: only indices 4 and 5 survive; 3 and 6 are folded into bin 4 ──→ [4: 3 values][5: 1]

import { describe, expect, it } from 'vitest';
import { DDSketchReference } from '../../src/reference/ddsketch-reference.js';
import { debugSketches } from '../support/ddsketch-kernel.js';

const k = debugSketches();

interface Sketch {
  add(v: number): void;
  quantile(q: number): number;
  count(): number;
}

const implementations: [string, (alpha: number, maxBins: number) => Sketch][] = [
  [
    'WASM',
    (alpha, maxBins) => {
      const s = k.ddsCreate(alpha, maxBins);
      return { add: (v) => k.ddsAdd(s, v), quantile: (q) => k.ddsQuantile(s, q), count: () => k.ddsCount(s) };
    },
  ],
  [
    'reference',
    (alpha, maxBins) => {
      const r = new DDSketchReference(alpha, maxBins);
      return { add: (v) => r.add(v), quantile: (q) => r.quantile(q), count: () => r.count };
    },
  ],
];

function sketchOf(make: (alpha: number, maxBins: number) => Sketch, values: readonly number[], alpha = 0.01, maxBins = 2048): Sketch {
  const s = make(alpha, maxBins);
  for (const v of values) s.add(v);
  return s;
}

describe.each(implementations)('%s: small sketches worked by hand', (_, make) => {
  it('γ = 2: ranks 1…3 of [3, 6, 12, 24, 24] are the bin estimates 16/3, 32/3, 64/3; the ends are exact', () => {
    const s = sketchOf(make, [3, 6, 12, 24, 24], 1 / 3);
    expect(s.quantile(0)).toBe(3);
    expect(s.quantile(0.25)).toBeCloseTo(16 / 3, 12);
    expect(s.quantile(0.5)).toBeCloseTo(32 / 3, 12);
    expect(s.quantile(0.75)).toBeCloseTo(64 / 3, 12);
    expect(s.quantile(1)).toBe(24);
  });

  it('γ = 2, maxBins 2: 3 and 6 collapse into bin 4, so ranks 1 and 2 both read 32/3 (too high for 6, as the collapse allows)', () => {
    const s = sketchOf(make, [3, 6, 12, 24], 1 / 3, 2);
    expect(s.quantile(0)).toBe(3);
    expect(s.quantile(1 / 3)).toBeCloseTo(32 / 3, 12);
    expect(s.quantile(2 / 3)).toBeCloseTo(32 / 3, 12);
    expect(s.quantile(1)).toBe(24);
    // The order of arrival does not matter: collapsing lowest ends in the same bins.
    const reversed = sketchOf(make, [24, 12, 6, 3], 1 / 3, 2);
    for (const q of [0, 1 / 3, 2 / 3, 1]) expect(reversed.quantile(q)).toBe(s.quantile(q));
  });

  it('γ = 2: negatives come first, largest magnitude lowest, then zeros: [-24, -3, 0, 0, 5]', () => {
    const s = sketchOf(make, [0, 5, -3, 0, -24], 1 / 3);
    expect(s.quantile(0)).toBe(-24);
    expect(s.quantile(0.25)).toBeCloseTo(-8 / 3, 12);
    expect(s.quantile(0.5)).toBe(0);
    expect(s.quantile(0.75)).toBe(0);
    expect(s.quantile(1)).toBe(5);
  });

  it('lower quantile: of [10, 20], every q < 1 is rank 0 (10), only q = 1 is 20', () => {
    const s = sketchOf(make, [20, 10]);
    expect(s.quantile(0.5)).toBe(10);
    expect(s.quantile(0.99)).toBe(10);
    expect(s.quantile(1)).toBe(20);
  });

  it('one value, or one value many times, is every quantile exactly (the estimate is clamped to [min, max])', () => {
    for (const q of [0, 0.3, 0.5, 1]) expect(sketchOf(make, [42]).quantile(q)).toBe(42);
    const constant = sketchOf(make, Array.from({ length: 100 }, () => -7.25));
    for (const q of [0, 0.5, 0.9, 0.99, 1]) expect(constant.quantile(q)).toBe(-7.25);
  });

  it('an empty sketch answers NaN; q outside [0, 1] answers NaN', () => {
    const empty = sketchOf(make, []);
    expect(empty.quantile(0.5)).toBeNaN();
    expect(empty.count()).toBe(0);
    const s = sketchOf(make, [1, 2, 3]);
    for (const q of [-0.1, 1.1, NaN]) expect(s.quantile(q)).toBeNaN();
  });

  it('NaN and ±Infinity are ignored; magnitudes below the smallest normal f64 count as zero', () => {
    const s = sketchOf(make, [NaN, Infinity, -Infinity, -1, 1e-310, -5e-324, 1]);
    expect(s.count()).toBe(4);
    expect(s.quantile(0.4)).toBe(0); // rank 1: a subnormal, counted in the zero bin
    expect(s.quantile(0.7)).toBe(0); // rank 2: the other one
    expect(s.quantile(1)).toBe(1);
  });
});

describe('WASM sketch lifecycle', () => {
  it('an empty sketch holds its 128-byte header only; the first value allocates a small bin buffer', () => {
    const s = k.ddsCreate(0.01, 2048);
    expect(k.ddsBytes(s)).toBe(128);
    expect(k.ddsMin(s)).toBe(Infinity);
    expect(k.ddsMax(s)).toBe(-Infinity);
    k.ddsAdd(s, 1.5);
    expect(k.ddsBytes(s)).toBe(128 + 32 * 8);
    k.ddsFree(s);
  });

  it('ddsClear empties the sketch but keeps its bins for the next window', () => {
    const s = k.ddsCreate(0.01, 2048);
    for (const v of [1, 2, 3, -4]) k.ddsAdd(s, v);
    const bytes = k.ddsBytes(s);
    k.ddsClear(s);
    expect(k.ddsCount(s)).toBe(0);
    expect(k.ddsQuantile(s, 0.5)).toBeNaN();
    expect(k.ddsBytes(s)).toBe(bytes);
    k.ddsAdd(s, 9);
    expect(k.ddsQuantile(s, 0.5)).toBe(9);
    k.ddsFree(s);
  });

  it('refuses an accuracy outside [1e-6, 1) and fewer than 2 bins (debug build assertions)', () => {
    expect(() => k.ddsCreate(0, 2048)).toThrow(/relative accuracy/);
    expect(() => k.ddsCreate(1, 2048)).toThrow(/relative accuracy/);
    expect(() => k.ddsCreate(0.01, 1)).toThrow(/maxBins/);
    expect(() => new DDSketchReference(0)).toThrow(RangeError);
  });
});
