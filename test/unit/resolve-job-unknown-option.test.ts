import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { JobDefinitionError } from '../../src/job/job-definition-error.js';
import { definitionWith } from '../support/test-jobs.js';

function messageOf(def: unknown): string {
  try {
    resolveJob(def);
  } catch (e) {
    expect(e).toBeInstanceOf(JobDefinitionError);
    return (e as Error).message;
  }
  throw new Error('resolveJob accepted the definition');
}

describe('an unknown option is refused, with the nearest known option or the full list', () => {
  it.each([
    ['widnow', 'window'],
    ['batchsize', 'batchSize'],
    ['outOfOrdernes', 'outOfOrderness'],
    ['aggregate', 'aggregates'],
    ['sink', 'sinks'],
  ])('top-level %j: did you mean %j', (typo, meant) => {
    const def = definitionWith({ [typo]: 1 });
    expect(messageOf(def)).toBe(`job "stats": option "${typo}" is not an option — did you mean "${meant}"?`);
  });

  it('a nested typo is suggested with its path: source.gruop → source.group', () => {
    expect(messageOf(definitionWith({ source: { stream: 's', gruop: 'g' } }))).toContain('did you mean "source.group"?');
  });

  it('an option far from every known one lists the known options instead', () => {
    const m = messageOf(definitionWith({ parallelism: 4 }));
    expect(m).toContain('option "parallelism" is not an option');
    expect(m).not.toContain('did you mean');
    expect(m).toContain('known: name, source, payload, key, time, values, window');
  });

  it('an unknown option is refused even when its value is undefined', () => {
    expect(messageOf(definitionWith({ widnow: undefined }))).toContain('option "widnow"');
  });
});
