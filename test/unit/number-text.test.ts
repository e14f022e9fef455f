import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberText } from '../../src/pipeline/number-text.js';

describe('numberText writes every double as text that parses back to the same double', () => {
  it.each([
    [0, '0'],
    [-0, '-0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1e+21'],
    [5e-324, '5e-324'],
    [-5e-324, '-5e-324'],
    [2.2250738585072014e-308, '2.2250738585072014e-308'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [Number.MAX_SAFE_INTEGER + 2, '9007199254740993'.replace(/3$/, '2')],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('%j is written as %j', (x, text) => {
    expect(numberText(x)).toBe(text);
    expect(Object.is(Number(text), x)).toBe(true);
  });

  it('-0 keeps its sign (String(-0) would lose it)', () => {
    expect(Object.is(Number(numberText(-0)), -0)).toBe(true);
  });

  it('round-trips every double but NaN, subnormals and signed zeros included', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => Object.is(Number(numberText(x)), x)),
      { numRuns: 20_000 },
    );
  });

  it('round-trips doubles drawn from their bit patterns (subnormals are 1 in 2048 of them)', () => {
    const bits = new BigUint64Array(1);
    const asDouble = new Float64Array(bits.buffer);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 52n - 1n }), fc.boolean(), (any, mantissa, sub) => {
        // Half of the draws are forced into the subnormal range (exponent bits all zero).
        bits[0] = sub ? mantissa | (any & (1n << 63n)) : any;
        const x = asDouble[0]!;
        fc.pre(!Number.isNaN(x));
        return Object.is(Number(numberText(x)), x);
      }),
      { numRuns: 20_000 },
    );
  });
});
