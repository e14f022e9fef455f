// Variance and standard deviation through the kernel equal a careful two-pass computation within
// 1e-9 relative, including ill-conditioned data (1e9 or 1e12 plus small noise) where the textbook
// sum-of-squares formula loses every digit and plain Welford keeps only about seven.

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { resultRecords, KeyNames } from '../../src/pipeline/derived-records.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { seededRandom } from '../../src/demo/seeded-random.js';
import { definitionWith } from '../support/test-jobs.js';
import { ev, writeBatch } from '../support/window-batches.js';

/**
 * Two passes over the data shifted by its first value (exact for values within a factor 2 of it,
 * and variance does not change under a shift): a compensated mean, then the sum of squared
 * deviations. Without the shift, the mean of 1e12-sized values is itself rounded to 1.2e-4, which is
 * no longer small against noise of 0.01.
 */
function twoPass(data: readonly number[]): { pop: number; sample: number } {
  const xs = data.map((x) => x - data[0]!);
  let sum = 0;
  let c = 0;
  for (const x of xs) {
    const y = x - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { pop: ss / xs.length, sample: ss / (xs.length - 1) };
}

function kernelVariance(xs: readonly number[]): Record<string, number> {
  const job = resolveJob(
    definitionWith({
      time: 'ts',
      window: { kind: 'tumbling', size: 1_000_000 },
      aggregates: {
        vp: { kind: 'variance', value: 'value' },
        vs: { kind: 'variance', value: 'value', sample: true },
        sp: { kind: 'stddev', value: 'value' },
      },
    }),
  );
  const kernel = new PartitionKernel(job, 'debug');
  for (let i = 0; i < xs.length; i += 1000) {
    const batch = xs.slice(i, i + 1000);
    writeBatch(kernel, 1, batch.map((x, j) => ({ event: ev('k', i + j, x) })));
    kernel.process(batch.length, i + 1000 >= xs.length);
  }
  const [record] = resultRecords(job, kernel, new KeyNames(kernel));
  const out: Record<string, number> = {};
  for (let f = 6; f < record!.length; f += 2) out[String(record![f])] = Number(String(record![f + 1]));
  return out;
}

const relative = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

test.each([
  ['1e9 + uniform noise in [0, 1)', 1e9, 1],
  ['1e12 + uniform noise in [0, 0.01)', 1e12, 0.01],
  ['-1e9 + uniform noise in [0, 1)', -1e9, 1],
  ['plain uniform noise in [0, 1)', 0, 1],
])('%s: within 1e-9 of two-pass, where naive sum of squares fails', (_name, base, scale) => {
  const random = seededRandom(7);
  const xs = Array.from({ length: 20_000 }, () => base + random() * scale);
  const exact = twoPass(xs);
  const got = kernelVariance(xs);
  expect(relative(got['vp']!, exact.pop)).toBeLessThan(1e-9);
  expect(relative(got['vs']!, exact.sample)).toBeLessThan(1e-9);
  expect(relative(got['sp']!, Math.sqrt(exact.pop))).toBeLessThan(1e-9);
  if (base !== 0) {
    // The textbook formula on the same data, to show the test can tell good from bad.
    const n = xs.length;
    const naive = (xs.reduce((s, x) => s + x * x, 0) - xs.reduce((s, x) => s + x, 0) ** 2 / n) / n;
    expect(relative(naive, exact.pop)).toBeGreaterThan(1e-3);
  }
});

test('random data of mixed scale: within 1e-9 of two-pass', () => {
  fc.assert(
    fc.property(
      fc.double({ min: -1e12, max: 1e12, noNaN: true }),
      fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 2, maxLength: 3000 }),
      (base, noise) => {
        const xs = noise.map((x) => base + x);
        const exact = twoPass(xs);
        fc.pre(exact.pop > 1e-6 * Math.max(1, Math.abs(base)) ** 2 * 1e-18);
        const got = kernelVariance(xs);
        expect(relative(got['vp']!, exact.pop)).toBeLessThan(1e-9);
      },
    ),
    { numRuns: 60 },
  );
});

test('one event: population variance 0, sample variance NaN', () => {
  const got = kernelVariance([42]);
  expect(got['vp']).toBe(0);
  expect(got['vs']).toBeNaN();
});
