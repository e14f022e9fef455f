// The `detect` option: a job without window and aggregates judges raw events; a windowed job judges
// one of its aggregates; every mistake is refused under the option at fault, with the fix.

import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { DETECTOR_SPIKE_DIP, DETECTOR_ZSCORE } from '../../src/detect/detector-output.js';
import { definitionWith, refusal } from '../support/test-jobs.js';

const eventJob = (detect: Record<string, unknown>) => definitionWith({ window: undefined, aggregates: undefined, detect });

describe('detect', () => {
  it('without window and aggregates, judges the named value of every event, with every param resolved', () => {
    const job = resolveJob(eventJob({ value: 'value', detector: 'spike-dip', params: { confidence: 99.9 } }));
    expect(job.window).toBeUndefined();
    expect(job.accumulators).toEqual([]);
    expect(job.detect).toMatchObject({ on: 'events', source: 0, sourceName: 'value', detector: 'spike-dip', kind: DETECTOR_SPIKE_DIP, emit: 'anomalies' });
    expect(job.detect!.params['confidence']).toBe(99.9);
    expect(Object.keys(job.detect!.params)).toEqual(['mode', 'confidence', 'historySize', 'levelWindow']);
    expect(job.detect!.words).toHaveLength(4);
  });

  it('in a windowed job, judges the named aggregate of every closed window', () => {
    const job = resolveJob(definitionWith({ aggregates: { n: { kind: 'count' }, mean: { kind: 'mean', value: 'value' } }, detect: { aggregate: 'mean', detector: 'zscore', emit: 'all' } }));
    expect(job.window?.kind).toBe('tumbling');
    expect(job.detect).toMatchObject({ on: 'windows', sourceName: 'mean', kind: DETECTOR_ZSCORE, emit: 'all' });
    expect(job.outputFields[job.detect!.source]!.name).toBe('mean');
  });

  const cases: [string, string, unknown, string][] = [
    ['an unknown detector', 'detect', eventJob({ value: 'value', detector: 'zscor' }), 'did you mean "zscore"'],
    ['no detector', 'detect.detector', eventJob({ value: 'value' }), 'unknown detector'],
    ['an unknown param', 'detect', eventJob({ value: 'value', detector: 'zscore', params: { treshold: 3 } }), 'did you mean "threshold"'],
    ['a param out of range', 'detect', eventJob({ value: 'value', detector: 'zscore', params: { threshold: 100 } }), 'outside'],
    ['a param given as text', 'detect.params.threshold', eventJob({ value: 'value', detector: 'zscore', params: { threshold: '3' } }), 'must be a number'],
    ['an unknown value', 'detect.value', eventJob({ value: 'valeu', detector: 'zscore' }), "job's values (value)"],
    ['emit: sometimes', 'detect.emit', eventJob({ value: 'value', detector: 'zscore', emit: 'sometimes' }), "'anomalies' or 'all'"],
    ['an unknown detect option', 'detect.treshold', eventJob({ value: 'value', detector: 'zscore', treshold: 3 }), 'is not an option'],
    ['value in a windowed job', 'detect.value', definitionWith({ detect: { value: 'value', detector: 'zscore' } }), 'detect.aggregate'],
    ['aggregate without a window', 'detect.aggregate', eventJob({ aggregate: 'mean', detector: 'zscore' }), 'no window'],
    ['an unknown aggregate', 'detect.aggregate', definitionWith({ detect: { aggregate: 'p99', detector: 'zscore' } }), 'numeric aggregates'],
  ];

  it.each(cases)('%s is refused under option %s', (_what, option, def, fix) => {
    const e = refusal(def);
    expect(e.option).toBe(option);
    expect(e.message).toContain(fix);
  });
});
