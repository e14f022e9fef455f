import { expect, test } from 'vitest';
import { parseFaultInjection } from '../../src/pipeline/fault-injection.js';

test('EDDY_FAULT_INJECT: unset or empty is no hook; throw-on-value:<text> is one; anything else is refused', () => {
  expect(parseFaultInjection(undefined)).toBeUndefined();
  expect(parseFaultInjection('')).toBeUndefined();
  expect(typeof parseFaultInjection('throw-on-value:13.37')).toBe('function');
  expect(() => parseFaultInjection('crash-please')).toThrow(/throw-on-value/);
});
