import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { definitionWith } from '../support/test-jobs.js';

describe('resolveJob turns the window and aggregates into kernel configuration', () => {
  it.each([
    // size, offset → offset normalized into [0, size)
    [10, 0, 0],
    [10, 3, 3],
    [10, -3, 7],
    [10, 13, 3],
    [10, -13, 7],
    [10, -10, 0],
    ['1d', '-1h', 23 * 3_600_000],
  ])('tumbling(%j, %j) aligns windows at offset %j', (size, offset, offsetMs) => {
    const job = resolveJob(definitionWith({ window: { kind: 'tumbling', size, offset } }));
    expect(job.window.offsetMs).toBe(offsetMs);
  });

  it('one accumulator per (kind, value): mean shares the sum, count needs none', () => {
    const job = resolveJob(
      definitionWith({
        values: { a: 'fa', b: 'fb' },
        aggregates: {
          n: { kind: 'count' },
          total: { kind: 'sum', value: 'b' },
          avg: { kind: 'mean', value: 'b' },
          lo: { kind: 'min', value: 'a' },
          hi: { kind: 'max', value: 'a' },
          again: { kind: 'min', value: 'a' },
        },
      }),
    );
    expect(job.valueFields).toEqual(['fa', 'fb']);
    expect(job.accumulators).toEqual([
      { kind: 'sum', value: 1 },
      { kind: 'min', value: 0 },
      { kind: 'max', value: 0 },
    ]);
    expect(job.outputFields).toEqual([
      { name: 'n', from: 'count' },
      { name: 'total', from: 'acc', acc: 0 },
      { name: 'avg', from: 'mean', sumAcc: 0 },
      { name: 'lo', from: 'acc', acc: 1 },
      { name: 'hi', from: 'acc', acc: 2 },
      { name: 'again', from: 'acc', acc: 1 },
    ]);
  });

  it("payload: { msgpack } reads the map in that field", () => {
    expect(resolveJob(definitionWith({ payload: { msgpack: 'p' } })).format).toEqual({ kind: 'msgpack', field: 'p' });
  });
});
