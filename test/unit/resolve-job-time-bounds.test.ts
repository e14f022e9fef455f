import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { JobDefinitionError } from '../../src/job/job-definition-error.js';
import { definitionWith } from '../support/test-jobs.js';

const withBounds = (timeBounds: unknown) => resolveJob(definitionWith({ time: 'ts', timeBounds }));

describe('the timeBounds option', () => {
  it("defaults to one day ahead and no bound behind, for event time from a field", () => {
    expect(resolveJob(definitionWith({ time: 'ts' })).timeBounds).toEqual({ maxAheadMs: 86_400_000, maxBehindMs: Infinity });
  });

  it('takes durations, and "none" for one side', () => {
    expect(withBounds({ maxAhead: '5m', maxBehind: '365d' }).timeBounds).toEqual({ maxAheadMs: 300_000, maxBehindMs: 365 * 86_400_000 });
    expect(withBounds({ maxAhead: 'none' }).timeBounds).toEqual({ maxAheadMs: Infinity, maxBehindMs: Infinity });
    expect(withBounds({ maxBehind: 0 }).timeBounds).toEqual({ maxAheadMs: 86_400_000, maxBehindMs: 0 });
  });

  it("'off' lifts both bounds", () => {
    expect(withBounds('off').timeBounds).toEqual({ maxAheadMs: Infinity, maxBehindMs: Infinity });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a misspelt key', { maxAhaed: '1d' }, 'timeBounds.maxAhaed', /did you mean "timeBounds.maxAhead"/],
    ['a negative duration', { maxBehind: '-1d' }, 'timeBounds.maxBehind', /duration like '1d'/],
    ['a word that is not "none"', { maxAhead: 'never' }, 'timeBounds.maxAhead', /or 'none'/],
    ['a string other than "off"', 'on', 'timeBounds', /'off'/],
    ['null', null, 'timeBounds', /maxAhead, maxBehind/],
  ])('refuses %s, naming the option', (_what, value, option, problem) => {
    let error: unknown;
    try {
      withBounds(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as JobDefinitionError).option).toBe(option);
    expect((error as Error).message).toMatch(problem);
  });
});
