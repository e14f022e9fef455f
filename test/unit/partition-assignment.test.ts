import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignPartitions } from '../../src/runtime/partition-assignment.js';

describe('assignPartitions deals partitions round-robin: worker w owns every p with p mod W = w', () => {
  it.each([
    [1, 1, [[0]]],
    [4, 1, [[0, 1, 2, 3]]],
    [5, 2, [[0, 2, 4], [1, 3]]],
    [2, 4, [[0], [1], [], []]],
    [0, 3, [[], [], []]],
    [8, 3, [[0, 3, 6], [1, 4, 7], [2, 5]]],
  ])('%i partitions over %i workers → %j', (p, w, expected) => {
    expect(assignPartitions(p, w)).toEqual(expected);
  });

  it('every partition goes to exactly one worker, and worker loads differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (p, w) => {
        const out = assignPartitions(p, w);
        expect(out).toHaveLength(w);
        expect(out.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: p }, (_, i) => i));
        out.forEach((ps, worker) => ps.forEach((x) => expect(x % w).toBe(worker)));
        const sizes = out.map((ps) => ps.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
