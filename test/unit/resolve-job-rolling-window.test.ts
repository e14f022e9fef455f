// rolling({ last, events }) resolves to milliseconds and a row bound, and its refusals name the
// option and the fix.

import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { rolling } from '../../src/job/windows.js';
import { definitionWith, refusal } from '../support/test-jobs.js';

describe('rolling windows in a job definition', () => {
  it("rolling({ last: '5m' }) is a 300000 ms span without a row bound", () => {
    expect(resolveJob(definitionWith({ window: rolling({ last: '5m' }) })).window).toEqual({ kind: 'rolling', spanMs: 300_000 });
  });

  it("rolling({ events: 100, last: '1h' }) bounds the window to the newest 100 events", () => {
    expect(resolveJob(definitionWith({ window: rolling({ events: 100, last: '1h' }) })).window).toEqual({ kind: 'rolling', spanMs: 3_600_000, maxRows: 100 });
  });

  it.each([
    ['a missing last', 'window.last', { kind: 'rolling' }],
    ['events without last', 'window.last', { kind: 'rolling', events: 10 }],
    ['last 0', 'window.last', { kind: 'rolling', last: 0 }],
    ["last 'soon'", 'window.last', { kind: 'rolling', last: 'soon' }],
    ['events 0', 'window.events', { kind: 'rolling', last: '1m', events: 0 }],
    ['events 2.5', 'window.events', { kind: 'rolling', last: '1m', events: 2.5 }],
    ['a size on a rolling window', 'window.size', { kind: 'rolling', last: '1m', size: '1m' }],
  ])('%s is refused under option %s', (_what, option, window) => {
    expect(refusal(definitionWith({ window })).option).toBe(option);
  });

  it('events without last says why last is needed and how to write it', () => {
    expect(() => resolveJob(definitionWith({ window: { kind: 'rolling', events: 10 } }))).toThrow(/rolling\(\{ events: 10, last: '1h' \}\).*takeover/);
  });

  it.each([
    ['quantile', { kind: 'quantile', value: 'value', q: 0.5 }],
    ['distinct', { kind: 'distinct', field: 'user' }],
    ['topK', { kind: 'topK', field: 'user', k: 3 }],
  ])('%s() is refused, naming hopping windows as the way', (kind, spec) => {
    const def = definitionWith({ window: rolling({ last: '1m' }), aggregates: { n: { kind: 'count' }, x: spec } });
    expect(refusal(def).option).toBe('aggregates.x');
    expect(() => resolveJob(def)).toThrow(new RegExp(`${kind}\\(\\) is not available with rolling windows.*hopping`));
  });

  it.each([
    ['allowedLateness', { allowedLateness: '5s' }],
    ['emit', { emit: 'update' }],
  ])('%s is refused: one final result per event', (option, extra) => {
    const def = definitionWith({ window: rolling({ last: '1m' }), ...extra });
    expect(refusal(def).option).toBe(option);
    expect(() => resolveJob(def)).toThrow(/raise outOfOrderness instead/);
  });
});
