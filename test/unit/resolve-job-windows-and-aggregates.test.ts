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
    expect(job.window).toMatchObject({ offsetMs });
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
      { kind: 'sum', value: 1, word: 0 },
      { kind: 'min', value: 0, word: 1 },
      { kind: 'max', value: 0, word: 2 },
    ]);
    expect(job.outputFields).toEqual([
      { name: 'n', from: 'count' },
      { name: 'total', from: 'word', word: 0 },
      { name: 'avg', from: 'mean', sumWord: 0 },
      { name: 'lo', from: 'word', word: 1 },
      { name: 'hi', from: 'word', word: 2 },
      { name: 'again', from: 'word', word: 1 },
    ]);
  });

  it('two-word accumulators (first, last, moments) are laid out one after the other; range shares min and max', () => {
    const job = resolveJob(
      definitionWith({
        values: { a: 'fa' },
        aggregates: {
          open: { kind: 'first', value: 'a' },
          close: { kind: 'last', value: 'a' },
          sd: { kind: 'stddev', value: 'a' },
          var: { kind: 'variance', value: 'a', sample: true },
          spread: { kind: 'range', value: 'a' },
          lo: { kind: 'min', value: 'a' },
        },
      }),
    );
    expect(job.accumulators).toEqual([
      { kind: 'first', value: 0, word: 0 },
      { kind: 'last', value: 0, word: 2 },
      { kind: 'moments', value: 0, word: 4 },
      { kind: 'min', value: 0, word: 7 },
      { kind: 'max', value: 0, word: 8 },
    ]);
    expect(job.outputFields).toEqual([
      { name: 'open', from: 'word', word: 1 },
      { name: 'close', from: 'word', word: 3 },
      { name: 'sd', from: 'stddev', momentsWord: 4, sample: false },
      { name: 'var', from: 'variance', momentsWord: 4, sample: true },
      { name: 'spread', from: 'range', minWord: 7, maxWord: 8 },
      { name: 'lo', from: 'word', word: 7 },
    ]);
  });

  it("payload: { msgpack } reads the map in that field", () => {
    expect(resolveJob(definitionWith({ payload: { msgpack: 'p' } })).format).toEqual({ kind: 'msgpack', field: 'p' });
  });
});
