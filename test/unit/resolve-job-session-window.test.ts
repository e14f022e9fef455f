// session(gap, { maxDuration }) resolves to milliseconds, and its refusals name the option.

import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { session } from '../../src/job/windows.js';
import { definitionWith, refusal } from '../support/test-jobs.js';

describe('session windows in a job definition', () => {
  it("session('30s') is a 30000 ms gap without a maximum", () => {
    expect(resolveJob(definitionWith({ window: session('30s') })).window).toEqual({ kind: 'session', gapMs: 30_000 });
  });

  it("session('5s', { maxDuration: '1m' }) bounds sessions to 60000 ms", () => {
    expect(resolveJob(definitionWith({ window: session('5s', { maxDuration: '1m' }) })).window).toEqual({ kind: 'session', gapMs: 5000, maxDurationMs: 60_000 });
  });

  it('maxDuration equal to the gap is allowed (each session then holds one event time)', () => {
    expect(resolveJob(definitionWith({ window: session(10, { maxDuration: 10 }) })).window).toEqual({ kind: 'session', gapMs: 10, maxDurationMs: 10 });
  });

  it.each([
    ['gap 0', 'window.gap', { kind: 'session', gap: 0 }],
    ["gap '0.5ms'", 'window.gap', { kind: 'session', gap: '0.5ms' }],
    ['a missing gap', 'window.gap', { kind: 'session' }],
    ['gap -1s', 'window.gap', { kind: 'session', gap: '-1s' }],
    ['maxDuration below the gap', 'window.maxDuration', { kind: 'session', gap: '10s', maxDuration: '5s' }],
    ["maxDuration 'long'", 'window.maxDuration', { kind: 'session', gap: '10s', maxDuration: 'long' }],
    ['a size on a session window', 'window.size', { kind: 'session', gap: '10s', size: '10s' }],
    ['a misspelt maxDuration', 'window.maxDurarion', { kind: 'session', gap: '10s', maxDurarion: '1m' }],
  ])('%s is refused under option %s', (_what, option, window) => {
    expect(refusal(definitionWith({ window })).option).toBe(option);
  });

  it('maxDuration below the gap says why', () => {
    expect(() => resolveJob(definitionWith({ window: { kind: 'session', gap: '10s', maxDuration: '5s' } }))).toThrow(/at least window.gap \(10000 ms\)/);
  });
});
