// 10^6 values log-uniform over 1e-9 … 1e12 (21 decades) need ln(1e21)/ln γ ≈ 2418 bins per sign at
// α = 0.01: more than 2048, so the lowest magnitudes collapse. Memory stays at the header plus at
// most 2048 f64 bins per sign; quantiles above the collapsed range keep their α guarantee.

import { describe, expect, it } from 'vitest';
import { DDSketchReference } from '../../src/reference/ddsketch-reference.js';
import { addAll, debugSketches, exactLowerQuantile, withinRelative } from '../support/ddsketch-kernel.js';

const k = debugSketches();
const MAX_BINS = 2048;
const HEADER_BYTES = 128;

function logUniform(n: number, seed: number, lo: number, hi: number, signed: boolean): Float64Array {
  let x = seed >>> 0;
  const next = (): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 4294967296;
  };
  const out = new Float64Array(n);
  const a = Math.log(lo);
  const b = Math.log(hi);
  for (let i = 0; i < n; i++) out[i] = (signed && next() < 0.5 ? -1 : 1) * Math.exp(a + (b - a) * next());
  return out;
}

describe('memory stays bounded by maxBins, and the collapse only costs accuracy at the small magnitudes', () => {
  it('10^6 positive values over 1e-9 … 1e12: at most the header and 2048 bins, high quantiles still within α', () => {
    const values = logUniform(1_000_000, 1, 1e-9, 1e12, false);
    const s = k.ddsCreate(0.01, MAX_BINS);
    let largest = 0;
    for (let from = 0; from < values.length; from += 100_000) {
      addAll(k, s, values.subarray(from, from + 100_000));
      largest = Math.max(largest, k.ddsBytes(s));
    }
    expect(largest).toBeLessThanOrEqual(HEADER_BYTES + MAX_BINS * 8);
    expect(k.ddsCount(s)).toBe(1_000_000);

    // Bins kept: the 2048 highest indices; everything of magnitude ≤ γ^(top − 2048) was folded.
    const ref = new DDSketchReference(0.01, MAX_BINS);
    const collapsedBelow = Math.pow(ref.gamma, ref.indexOf(k.ddsMax(s)) - MAX_BINS);
    const sorted = values.slice().sort();
    for (const q of [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.9, 0.99, 0.999, 1]) {
      const exact = exactLowerQuantile(sorted, q);
      const estimate = k.ddsQuantile(s, q);
      if (exact > collapsedBelow) expect(withinRelative(estimate, exact, 0.01), `q=${q}`).toBe(true);
      // Collapsed values are reported as the lowest kept bin: too large, never too small.
      else expect(estimate).toBeGreaterThanOrEqual(exact);
    }
    expect(collapsedBelow).toBeGreaterThan(1e-9);
    expect(collapsedBelow).toBeLessThan(1e-5);
    k.ddsFree(s);
  });

  it('10^6 values of both signs over 1e-9 … 1e12: at most the header and 2 × 2048 bins', () => {
    const values = logUniform(1_000_000, 2, 1e-9, 1e12, true);
    const s = k.ddsCreate(0.01, MAX_BINS);
    addAll(k, s, values);
    expect(k.ddsBytes(s)).toBeLessThanOrEqual(HEADER_BYTES + 2 * MAX_BINS * 8);
    const sorted = values.slice().sort();
    // Largest magnitudes sit at both ends and keep their bins.
    for (const q of [0, 0.001, 0.01, 0.1, 0.9, 0.99, 0.999, 1]) {
      expect(withinRelative(k.ddsQuantile(s, q), exactLowerQuantile(sorted, q), 0.01), `q=${q}`).toBe(true);
    }
    k.ddsFree(s);
  });

  it('a narrow range holds few bins: lognormal latencies take a few kilobytes, not 2048 bins', () => {
    let x = 9;
    const values = Array.from({ length: 100_000 }, () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return 20 * Math.exp(0.8 * Math.sqrt(-2 * Math.log(1 - x / 4294967296)) * Math.cos(x));
    });
    const s = k.ddsCreate(0.01, MAX_BINS);
    addAll(k, s, values);
    expect(k.ddsBytes(s)).toBeLessThan(8 * 1024);
    k.ddsFree(s);
  });

  it('freeing and clearing give the memory back to the allocator: many sketches in a row do not grow linear memory', () => {
    const values = logUniform(10_000, 3, 1e-3, 1e6, true);
    const warm = k.ddsCreate(0.01, MAX_BINS);
    addAll(k, warm, values);
    k.ddsFree(warm);
    const pages = k.memory.buffer.byteLength;
    for (let i = 0; i < 200; i++) {
      const s = k.ddsCreate(0.01, MAX_BINS);
      addAll(k, s, values);
      k.ddsClear(s);
      addAll(k, s, values);
      k.ddsFree(s);
    }
    expect(k.memory.buffer.byteLength).toBe(pages);
  });
});
