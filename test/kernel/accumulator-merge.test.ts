// Every exact accumulator merges: the words of a window's first part merged with the words of its
// second part equal the words of the whole window (what hopping windows will do with panes).
//
//   events:  e0 e1 e2 │ e3 e4 e5 e6        (arrival order; event times in any order)
//            part A   │ part B
//   merge(A, B) == fold(A ∪ B)   sum within rounding, min/max/first/last exactly,
//                                variance (Chan et al.) within 1e-9 relative

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { accumulatorWords } from '../../src/reference/window-reference.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { definitionWith } from '../support/test-jobs.js';

const job = resolveJob(
  definitionWith({
    time: 'ts',
    window: { kind: 'tumbling', size: 10 },
    aggregates: {
      s: { kind: 'sum', value: 'value' },
      lo: { kind: 'min', value: 'value' },
      hi: { kind: 'max', value: 'value' },
      f: { kind: 'first', value: 'value' },
      l: { kind: 'last', value: 'value' },
      v: { kind: 'variance', value: 'value' },
    },
  }),
);

function wordsOf(xs: readonly { t: number; v: number }[]): number[] {
  return job.accumulators.flatMap((a) => accumulatorWords(a.kind, xs));
}

/** The kernel's merge of two word vectors. */
function kernelMerge(a: readonly number[], b: readonly number[], na: number, nb: number): number[] {
  const kernel = new PartitionKernel(job, 'debug');
  const w = kernel.wasm;
  const p = w.reserveScratch(16 * a.length);
  const f64 = kernel.views().f64;
  f64.set(a, p >> 3);
  f64.set(b, (p >> 3) + a.length);
  w.mergeAccs(p, p + 8 * a.length, na, nb);
  return Array.from(kernel.views().f64.subarray(p >> 3, (p >> 3) + a.length));
}

const event = fc.record({ t: fc.integer({ min: 0, max: 50 }), v: fc.double({ min: -1e6, max: 1e6, noNaN: true }) });

test('merge(A, B) equals the accumulators of A then B', () => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 40 }), fc.array(event, { maxLength: 40 }), fc.double({ min: -1e9, max: 1e9, noNaN: true }), (a0, b0, base) => {
      const a = a0.map((e) => ({ t: e.t, v: e.v + base }));
      const b = b0.map((e) => ({ t: e.t, v: e.v + base }));
      const merged = kernelMerge(wordsOf(a), wordsOf(b), a.length, b.length);
      const whole = wordsOf([...a, ...b]);
      const [sum, lo, hi, ft, fv, lt, lv, , , m2] = merged;
      const [wsum, wlo, whi, wft, wfv, wlt, wlv, , , wm2] = whole;
      expect([lo, hi, ft, fv, lt, lv]).toEqual([wlo, whi, wft, wfv, wlt, wlv]);
      const close = (x: number, y: number, tol: number): boolean => x === y || Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
      // Two summation orders differ by at most about n·ε·Σ|x| (cancellation makes relative bounds useless).
      const magnitude = [...a, ...b].reduce((m, e) => m + Math.abs(e.v), 0);
      expect(Math.abs(sum! - wsum!)).toBeLessThanOrEqual(2 * Number.EPSILON * (a.length + b.length + 1) * magnitude);
      const n = a.length + b.length;
      if (n > 1) expect(close(m2! / n, wm2! / n, 1e-9)).toBe(true);
    }),
    { numRuns: 1000 },
  );
});

test('merging into an empty part copies, merging an empty part changes nothing', () => {
  const a = [{ t: 3, v: 1e9 + 0.25 }, { t: 1, v: 1e9 + 0.5 }];
  const empty = wordsOf([]);
  expect(kernelMerge(empty, wordsOf(a), 0, 2)).toEqual(wordsOf(a));
  expect(kernelMerge(wordsOf(a), empty, 2, 0)).toEqual(wordsOf(a));
});
