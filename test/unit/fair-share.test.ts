import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fairShare } from '../../src/runtime/fair-share.js';

describe('fair share: P partitions split over the live members, ⌈P/M⌉ to the first P mod M by id, ⌊P/M⌋ to the rest', () => {
  it.each([
    [4, ['a'], 'a', 4],
    [4, ['a', 'b'], 'b', 2],
    [4, ['c', 'a', 'b'], 'a', 2],
    [4, ['c', 'a', 'b'], 'b', 1],
    [4, ['c', 'a', 'b'], 'c', 1],
    [2, ['a', 'b', 'c'], 'c', 0],
    [4, ['b'], 'a', 2],
  ])('%i partitions, members %j: %s takes %i', (p, members, self, expected) => {
    expect(fairShare(p, members, self)).toBe(expected);
  });

  it('the shares add up to P and differ by at most one, so nobody can be starved by members at their share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 30 }), (p, members) => {
        const shares = members.map((m) => fairShare(p, members, m));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(p);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
