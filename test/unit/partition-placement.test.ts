import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leastLoadedWorker } from '../../src/runtime/partition-placement.js';

describe('a newly acquired partition goes to the least-loaded worker thread', () => {
  it.each([
    [[0], 0],
    [[0, 0, 0], 0],
    [[2, 1, 1], 1],
    [[3, 4, 0, 0], 2],
    [[1, 1, 1, 0], 3],
  ])('loads %j → worker %i (lowest index on a tie)', (loads, expected) => {
    expect(leastLoadedWorker(loads)).toBe(expected);
  });

  it('partitions placed one by one leave worker loads within one of each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (p, w) => {
        const loads = Array.from({ length: w }, () => 0);
        for (let i = 0; i < p; i++) loads[leastLoadedWorker(loads)]!++;
        expect(loads.reduce((a, b) => a + b, 0)).toBe(p);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('refuses to place a partition when there is no worker', () => {
    expect(() => leastLoadedWorker([])).toThrow(/no worker threads/);
  });
});
