import { describe, expect, it } from 'vitest';
import { AdaptiveReadCount, FIRST_READ_COUNT, REPLY_BUDGET_BYTES } from '../../src/redis/adaptive-read-count.js';

const MB = 2 ** 20;

describe('the COUNT of the next read keeps replies under a byte budget', () => {
  it('starts small and doubles up to batchSize while replies are small', () => {
    const c = new AdaptiveReadCount(1000);
    const seen = [c.next];
    for (let i = 0; i < 6; i++) {
      c.observe(100 * 1024);
      seen.push(c.next);
    }
    expect(seen).toEqual([FIRST_READ_COUNT, 128, 256, 512, 1000, 1000, 1000]);
  });

  it('never asks for more than a small batchSize', () => {
    expect(new AdaptiveReadCount(7).next).toBe(7);
  });

  it('entries of a megabyte: a reply over the budget shrinks the count in proportion, never below 1', () => {
    const c = new AdaptiveReadCount(1000);
    c.observe(FIRST_READ_COUNT * MB * 2); // 128 MiB
    expect(c.next).toBe(Math.floor((FIRST_READ_COUNT * REPLY_BUDGET_BYTES) / (FIRST_READ_COUNT * MB * 2)));
    c.observe(2 ** 30);
    c.observe(2 ** 30);
    expect(c.next).toBe(1);
  });

  it('between a quarter of the budget and the budget, the count holds', () => {
    const c = new AdaptiveReadCount(1000);
    c.observe(REPLY_BUDGET_BYTES / 2);
    expect(c.next).toBe(FIRST_READ_COUNT);
  });
});
