// WASM context detector (assembly/detectors/context-detector.ts) vs its TypeScript transcription of
// NAB's CAD OSE (src/reference/detectors/context-reference.ts), word for word, on series long enough
// to reach the kernel's bookkeeping that short random series rarely do:
// - statistics owed by a left semi-context (settled lazily) across hundreds of rows, including
//   context 0's, which Python skips on every row that makes no new zero-level context;
// - left semi-contexts past 5 contexts (CPython's dict resized to 32 slots);
// - which contexts are perfect (hit rate exactly 1: they alone decide a prediction when present),
//   and rows where none is (the prediction then needs exact hit rates);
// - a frozen model (maxContexts reached), and the largest neuron and left-length buffers (64).
// The debug build runs, so every memory access is bounds-checked.

import { describe, expect, it } from 'vitest';
import { type ContextParams, ContextReference, contextParamWords } from '../../src/reference/detectors/context-reference.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { contextExports, type ContextExports } from '../../src/wasm/detector-exports.js';

const k = contextExports(instantiateKernel('debug'));
const WORDS = ['score', 'expected', 'lower', 'upper', 'direction', 'warmup', 'anomaly'] as const;

/** Uniform [0, 1) from a fixed LCG. */
function uniform(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x + 0.5) / 4294967296;
  };
}

function kernelRows(params: Partial<ContextParams>, values: readonly number[]): Float64Array {
  const words = contextParamWords(params);
  const p = k.reserveScratch(words.byteLength);
  new Float64Array(k.memory.buffer, p, words.length).set(words);
  const s = k.ctxCreate(p);
  const out = k.reserveScratch(WORDS.length * 8);
  const rows = new Float64Array(values.length * WORDS.length);
  values.forEach((v, i) => {
    k.ctxStep(s, i * 1000, v, out);
    rows.set(new Float64Array(k.memory.buffer, out, WORDS.length), i * WORDS.length);
  });
  k.ctxFree(s);
  return rows;
}

function referenceRows(params: Partial<ContextParams>, values: readonly number[]): Float64Array {
  const d = new ContextReference(params);
  const rows = new Float64Array(values.length * WORDS.length);
  values.forEach((v, i) => {
    const r = d.step(v);
    rows.set([r.score, r.expected, r.lower, r.upper, r.direction, r.warmup ? 1 : 0, r.anomaly ? 1 : 0], i * WORDS.length);
  });
  return rows;
}

/** Every word identical; returns how many rows scored above 0 (so a case cannot pass vacuously). */
function expectSameRows(params: Partial<ContextParams>, values: readonly number[]): number {
  const a = kernelRows(params, values);
  const b = referenceRows(params, values);
  let scored = 0;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) {
      const row = Math.floor(i / WORDS.length);
      expect.fail(`row ${row} (value ${values[row]}), ${WORDS[i % WORDS.length]}: WASM ${a[i]}, reference ${b[i]} (params ${JSON.stringify(params)})`);
    }
    if (i % WORDS.length === 0 && a[i]! > 0) scored++;
  }
  return scored;
}

describe('WASM context detector matches the reference on long series', () => {
  it("mostly the first row's level, with excursions: context 0 skipped while its left owes rows", () => {
    const u = uniform(11);
    const values = Array.from({ length: 3000 }, () => (u() < 0.8 ? 0 : Math.floor(u() * 10)));
    expect(expectSameRows({ inputMin: 0, inputMax: 9, restPeriod: 20 }, values)).toBeGreaterThan(0);
    expect(expectSameRows({ restPeriod: 20 }, values)).toBeGreaterThan(0);
  });

  it('short repeating patterns over 8 levels, interrupted at random: perfect contexts come and go', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const u = uniform(seed);
      const period = 2 + (seed % 4);
      const pattern = Array.from({ length: period }, () => Math.floor(u() * 8));
      const values = Array.from({ length: 400 }, (_, i) => (u() < 0.1 ? Math.floor(u() * 8) : pattern[i % period]!));
      expectSameRows({ inputMin: 0, inputMax: 7, restPeriod: 5 }, values);
    }
  });

  it('white noise over 8 levels: big dicts, rows without a perfect context, many new contexts', () => {
    const u = uniform(5);
    const values = Array.from({ length: 1000 }, () => u());
    expect(expectSameRows({ inputMin: 0, inputMax: 1, restPeriod: 10 }, values)).toBeGreaterThan(0);
  });

  it('a noisy daily pattern with a tiny memory bound (frozen model), and with 1 and 2 value bits', () => {
    const u = uniform(3);
    const values = Array.from({ length: 3000 }, (_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 48) + 2 * u() + (i >= 2200 ? 6 : 0));
    expect(expectSameRows({ maxContexts: 300, restPeriod: 5, inputMin: 5, inputMax: 23 }, values)).toBeGreaterThan(0);
    expect(expectSameRows({ valueBits: 2, restPeriod: 30 }, values)).toBeGreaterThan(0);
    const bits = Array.from({ length: 2000 }, (_, i) => ((i >> 2) % 3 === 0) !== (u() < 0.1) ? 1 : 0);
    expect(expectSameRows({ valueBits: 1, maxActiveNeurons: 4, inputMin: 0, inputMax: 1, restPeriod: 10 }, bits)).toBeGreaterThan(0);
  });

  it('the largest buffers: maxActiveNeurons 64, maxLeftSemiContextLength 64', () => {
    const u = uniform(9);
    const values = Array.from({ length: 500 }, (_, i) => ((i % 24) < 12 ? i % 24 : 24 - (i % 24)) + (u() < 0.05 ? 8 * u() : 0));
    expect(expectSameRows({ maxActiveNeurons: 64, maxLeftSemiContextLength: 64, maxContexts: 3000, restPeriod: 15 }, values)).toBeGreaterThan(0);
  });
});
