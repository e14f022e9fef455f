import { describe, expect, it } from 'vitest';
import { LEASE_DEFAULTS, LeaseOptionError, MIN_LEASE_MS, validateLeaseMs } from '../../src/runtime/lease-options.js';

describe('--lease-ms: at least 1000 ms, an integer; 10 s by default', () => {
  it('defaults to 10 s', () => {
    expect(LEASE_DEFAULTS.leaseMs).toBe(10_000);
    expect(MIN_LEASE_MS).toBe(1000);
  });

  it.each([1000, 2000, 10_000, 600_000])('accepts %i', (ms) => {
    expect(validateLeaseMs(ms)).toBe(ms);
  });

  it.each([999, 0, -5, 1500.5, Number.NaN])('refuses %d, naming the option and the minimum', (ms) => {
    expect(() => validateLeaseMs(ms)).toThrow(LeaseOptionError);
    expect(() => validateLeaseMs(ms)).toThrow(/--lease-ms \/ EDDY_LEASE_MS must be an integer of at least 1000 ms/);
  });
});
