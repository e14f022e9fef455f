import { describe, expect, it } from 'vitest';
import { durationMs } from '../../src/job/duration.js';

describe('durationMs reads milliseconds or unit text, and refuses anything else', () => {
  it.each([
    [0, 0],
    [250, 250],
    [-3000, -3000],
    ['250ms', 250],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5s', 1500],
    ['0.25m', 15_000],
    ['-1h', -3_600_000],
    [' 10s ', 10_000],
    ['007s', 7000],
  ])('%j is %j ms', (d, ms) => {
    expect(durationMs(d)).toBe(ms);
  });

  // Whole milliseconds written with decimals must not depend on how a double product rounds:
  // 1.005 × 1000 is 1004.9999999999999 and 4.35 × 60000 is 260999.99999999997 in floating point.
  it.each([
    ['1.005s', 1005],
    ['4.35m', 261_000],
    ['0.001s', 1],
  ])('%j is exactly %j ms', (d, ms) => {
    expect(durationMs(d)).toBe(ms);
  });

  it.each([
    ['a fraction of a millisecond as a number', 1.5],
    ['a fraction of a millisecond as text', '0.5ms'],
    ['1.0005s (0.5 ms)', '1.0005s'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a number as text without a unit', '10'],
    ['an unknown unit', '10w'],
    ['a space before the unit', '10 s'],
    ['an exponent', '1e3ms'],
    ['a leading plus', '+5s'],
    ['an upper-case unit', '10S'],
    ['empty text', ''],
    ['null', null],
    ['undefined', undefined],
    ['an object', { ms: 5 }],
  ])('%s is not a duration', (_what, d) => {
    expect(durationMs(d)).toBeUndefined();
  });
});
