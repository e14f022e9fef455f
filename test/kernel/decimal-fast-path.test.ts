import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { STATUS_NEEDS_HOST, STATUS_OK } from '../../src/wasm/layout.js';
import { readGroupReply } from '../support/resp-builder.js';
import { sensorJob } from '../support/test-jobs.js';

const job = sensorJob({ batchSize: 64 });

/**
 * Runs only the WASM decoder (no host fallback) over one entry per text and returns, per text,
 * the status it wrote and the value it parsed.
 */
function wasmDecode(kernel: PartitionKernel, texts: readonly string[]): { status: number; value: number }[] {
  const entries = texts.map((t, i) => ({
    id: `${i}-0`,
    fields: [[Buffer.from('sensor'), Buffer.from('s')], [Buffer.from('ts'), Buffer.from('1')], [Buffer.from('value'), Buffer.from(t, 'latin1')]] as const,
  }));
  const bytes = readGroupReply('sensors', entries);
  const frame = kernel.appendInput(bytes);
  const n = kernel.wasm.decodeReply(kernel.inputBase(), frame);
  kernel.consumeFrame(frame);
  expect(n).toBe(texts.length);
  const { u8, f64 } = kernel.views();
  return texts.map((_, i) => ({ status: u8[kernel.wasm.statusColPtr() + i]!, value: f64[(kernel.wasm.valuesColPtr() >> 3) + i]! }));
}

const digit = fc.constantFrom(...'0123456789'.split(''));
const nonZero = fc.constantFrom(...'123456789'.split(''));

/**
 * `[+-]?int[.frac]` with at most 15 significant digits and at most 22 decimals, leading zeros
 * anywhere they can be: the inputs Clinger's fast path claims to decide exactly.
 */
const fastDecimal = fc
  .record({
    sign: fc.constantFrom('', '-', '+'),
    zeros: fc.nat(12),
    significant: fc.oneof(
      fc.constant(''),
      fc.tuple(nonZero, fc.string({ unit: digit, maxLength: 14 })).map(([a, b]) => a + b),
    ),
    frac: fc.nat(22),
    trailingDot: fc.boolean(),
  })
  .map(({ sign, zeros, significant, frac, trailingDot }) => {
    const all = '0'.repeat(zeros) + significant || '0';
    const f = Math.min(frac, all.length);
    const int = all.slice(0, all.length - f);
    const fraction = all.slice(all.length - f);
    if (f === 0) return `${sign}${int}${trailingDot ? '.' : ''}`;
    return `${sign}${int}.${fraction}`;
  });

describe('the WASM fast path parses short decimals to exactly the double Number(text) gives', () => {
  it('every decimal of ≤ 15 significant digits and ≤ 22 decimals takes the fast path and matches bit for bit', () => {
    const kernel = new PartitionKernel(job, 'debug');
    fc.assert(
      fc.property(fc.array(fastDecimal, { minLength: 1, maxLength: 64 }), (texts) => {
        wasmDecode(kernel, texts).forEach(({ status, value }, i) => {
          const text = texts[i]!;
          if (status !== STATUS_OK || !Object.is(value, Number(text))) {
            expect({ text, status, value }).toEqual({ text, status: STATUS_OK, value: Number(text) });
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['-0', -0],
    ['-0.0', -0],
    ['-.0', -0],
    ['+0', 0],
    ['0.1', 0.1],
    ['0.3', 0.3],
    ['5.', 5],
    ['.5', 0.5],
    ['000123', 123],
    ['999999999999999', 999999999999999],
    ['0.0000000000000000000001', 1e-22],
    ['9.99999999999999', 9.99999999999999],
    ['12345678901234.5', 12345678901234.5],
    ['-0.000000012345678901234', -1.2345678901234e-8],
  ])('%j → %j on the fast path', (text, value) => {
    const [r] = wasmDecode(new PartitionKernel(job, 'debug'), [text]);
    expect(r!.status).toBe(STATUS_OK);
    expect(Object.is(r!.value, value)).toBe(true);
  });

  it.each([
    ['16 significant digits', '1234567890123456'],
    ['16 significant digits, trailing zeros included', '123456789012345.0'],
    ['23 decimals', '0.00000000000000000000001'],
    ['30 decimals', '0.000000000000000000000000000001'],
    ['an exponent', '1e3'],
    ['a NaN word', 'NaN'],
    ['two points', '1.2.3'],
    ['a sign alone', '-'],
    ['a point alone', '.'],
    ['empty text', ''],
    ['a leading space', ' 1'],
  ])('%s (%j) is left to the host', (_what, text) => {
    const [r] = wasmDecode(new PartitionKernel(job, 'debug'), [text]);
    expect(r!.status).toBe(STATUS_NEEDS_HOST);
  });
});
