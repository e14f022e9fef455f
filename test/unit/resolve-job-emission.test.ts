import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { early } from '../../src/job/emission.js';
import { definitionWith, refusal } from '../support/test-jobs.js';

describe('allowedLateness and emit', () => {
  it('leave the job as without them when they are the defaults (final, 0)', () => {
    expect(resolveJob(definitionWith({})).emission).toBeUndefined();
    expect(resolveJob(definitionWith({ emit: 'final', allowedLateness: 0 })).emission).toBeUndefined();
    expect(resolveJob(definitionWith({ allowedLateness: '0s' })).emission).toBeUndefined();
  });

  it('resolve to milliseconds and a mode', () => {
    expect(resolveJob(definitionWith({ allowedLateness: '30s' })).emission).toEqual({ allowedLatenessMs: 30_000, mode: 'final', earlyMs: 0 });
    expect(resolveJob(definitionWith({ emit: 'update' })).emission).toEqual({ allowedLatenessMs: 0, mode: 'update', earlyMs: 0 });
    expect(resolveJob(definitionWith({ emit: early('2s'), allowedLateness: 500 })).emission).toEqual({ allowedLatenessMs: 500, mode: 'early', earlyMs: 2000 });
    expect(resolveJob(definitionWith({ window: { kind: 'hopping', size: '30s', slide: '10s' }, emit: { early: '5s' } })).emission?.mode).toBe('early');
    // Session windows take allowed lateness and 'update' (DESIGN.md, "Session windows").
    expect(resolveJob(definitionWith({ window: { kind: 'session', gap: '5s' }, allowedLateness: '1m' })).emission).toEqual({ allowedLatenessMs: 60_000, mode: 'final', earlyMs: 0 });
    expect(resolveJob(definitionWith({ window: { kind: 'session', gap: '5s' }, emit: 'update' })).emission?.mode).toBe('update');
    // A session has no fixed length: any early interval.
    expect(resolveJob(definitionWith({ window: { kind: 'session', gap: '5s' }, emit: early('1m') })).emission).toEqual({ allowedLatenessMs: 0, mode: 'early', earlyMs: 60_000 });
  });
});

describe('every refusal of allowedLateness and emit names the option', () => {
  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ['a negative lateness', 'allowedLateness', { allowedLateness: -1 }, /at least 0/],
    ['a lateness that is not a duration', 'allowedLateness', { allowedLateness: '5 minutes' }, /duration/],
    ['null lateness', 'allowedLateness', { allowedLateness: null }, /duration/],
    ['an unknown mode', 'emit', { emit: 'eager' }, /'final', 'update' or early/],
    ['an early interval of 0', 'emit.early', { emit: { early: 0 } }, /positive duration/],
    ['an early object with another option', 'emit', { emit: { early: '1s', every: '2s' } }, /early\('<interval>'\)/],
    ['an early interval as long as the window', 'emit.early', { emit: early('10s') }, /shorter than window.size/],
    ['emit with a detector on window results', 'emit', { emit: 'update', detect: { aggregate: 'n', detector: 'zscore' } }, /detect on window results/],
    [
      'allowedLateness on a job that detects on raw events',
      'allowedLateness',
      { window: undefined, aggregates: undefined, allowedLateness: '1s', detect: { value: 'value', detector: 'zscore' } },
      /windowed jobs only/,
    ],
    ['a misspelt option', 'allowedLatness', { allowedLatness: '1s' }, /did you mean "allowedLateness"/],
  ];
  it.each(cases)('%s → %s', (_what, option, overrides, problem) => {
    const e = refusal(definitionWith(overrides));
    expect(e.option).toBe(option);
    expect(e.message).toMatch(problem);
  });
});
