import { describe, expect, it } from 'vitest';
import { definitionWith, minimalDefinition, refusal } from '../support/test-jobs.js';

const source = (extra: Record<string, unknown>) => ({ source: { stream: 'sensors', ...extra } });
const window = (extra: Record<string, unknown>) => ({ window: { kind: 'tumbling', size: '10s', ...extra } });

describe('every refusal of resolveJob names the option at fault', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['an empty name', 'name', { name: '' }],
    ['a name with a space', 'name', { name: 'my job' }],
    ['a missing source', 'source', { source: undefined }],
    ['a source given as a string', 'source', { source: 'sensors' }],
    ['an empty stream name', 'source.stream', { source: { stream: '' } }],
    ['an empty group', 'source.group', source({ group: '' })],
    ['partitions: 0', 'source.partitions', source({ partitions: 0 })],
    ['partitions: -1', 'source.partitions', source({ partitions: -1 })],
    ['partitions: 1.5', 'source.partitions', source({ partitions: 1.5 })],
    ['partitions: 4097', 'source.partitions', source({ partitions: 4097 })],
    ["partitions: '2'", 'source.partitions', source({ partitions: '2' })],
    ['partitions: NaN', 'source.partitions', source({ partitions: Number.NaN })],
    ['partitions: null', 'source.partitions', source({ partitions: null })],
    ["startId: '>'", 'source.startId', source({ startId: '>' })],
    ['an unknown source option', 'source.stram', source({ stram: 'x' })],
    ['a payload without a field', 'payload.msgpack', { payload: {} }],
    ['a missing key', 'key', { key: undefined }],
    ['an empty time field', 'time', { time: '' }],
    ["time format 'iso'", 'time.format', { time: { field: 'ts', format: 'iso' } }],
    ['no values', 'values', { values: {} }],
    ['nine values', 'values', { values: Object.fromEntries([...'abcdefghi'].map((v) => [v, v])) }],
    ['a value read from an empty field', 'values.value', { values: { value: '' } }],
    ['a missing window', 'window', { window: undefined }],
    ["window kind 'sliding'", 'window.kind', { window: { kind: 'sliding', size: '10s' } }],
    ['window size 0', 'window.size', window({ size: 0 })],
    ["window size '0s'", 'window.size', window({ size: '0s' })],
    ['window size -5', 'window.size', window({ size: -5 })],
    ["window size '-1m'", 'window.size', window({ size: '-1m' })],
    ["window size '10 seconds'", 'window.size', window({ size: '10 seconds' })],
    ["window size '0.5ms'", 'window.size', window({ size: '0.5ms' })],
    ["window offset 'soon'", 'window.offset', window({ offset: 'soon' })],
    ['an unknown window option', 'window.slide', window({ slide: '5s' })],
    ['negative out-of-orderness', 'outOfOrderness', { outOfOrderness: '-1s' }],
    ['no aggregates', 'aggregates', { aggregates: {} }],
    ['an aggregate of an unknown value', 'aggregates.total', { aggregates: { total: { kind: 'sum', value: 'valeu' } } }],
    ["an aggregate of kind 'median'", 'aggregates.m', { aggregates: { m: { kind: 'median', value: 'value' } } }],
    ['an output field named key', 'aggregates.key', { aggregates: { key: { kind: 'count' } } }],
    ['an output field named start', 'aggregates.start', { aggregates: { start: { kind: 'count' } } }],
    ['an output field named end', 'aggregates.end', { aggregates: { end: { kind: 'max', value: 'value' } } }],
    ['an unknown sink', 'sinks.dlq', { sinks: { dlq: 'x' } }],
    ['an empty output sink', 'sinks.output', { sinks: { output: '' } }],
    ['batchSize 0', 'batchSize', { batchSize: 0 }],
    ['batchSize 100001', 'batchSize', { batchSize: 100_001 }],
    ['batchSize 1.5', 'batchSize', { batchSize: 1.5 }],
    ["latencyBudget 'fast'", 'latencyBudget', { latencyBudget: 'fast' }],
    ['blockTime -1', 'blockTime', { blockTime: -1 }],
    ['maxDeliveries 0', 'maxDeliveries', { maxDeliveries: 0 }],
    ['maxDeliveries 101', 'maxDeliveries', { maxDeliveries: 101 }],
    ['maxDeliveries 2.5', 'maxDeliveries', { maxDeliveries: 2.5 }],
    ["maxDeliveries '3'", 'maxDeliveries', { maxDeliveries: '3' }],
    ['maxDeliveries null', 'maxDeliveries', { maxDeliveries: null }],
  ];

  it.each(cases)('%s is refused under option %s', (_what, option, overrides) => {
    const e = refusal(definitionWith(overrides));
    expect(e.option).toBe(option);
    expect(e.message).toContain(`option "${option}"`);
  });

  it('the message names the job', () => {
    expect(refusal(definitionWith({ batchSize: 0 })).message).toContain('job "stats"');
  });

  it('an aggregate of an unknown value says which value and which values exist', () => {
    const e = refusal(definitionWith({ values: { value: 'v', latency: 'l' }, aggregates: { total: { kind: 'sum', value: 'valeu' } } }));
    expect(e.message).toContain('"valeu"');
    expect(e.message).toContain('value, latency');
  });

  it('a refused maxDeliveries says what it counts and what to set instead', () => {
    const e = refusal(definitionWith({ maxDeliveries: 0 }));
    expect(e.message).toContain('from 1 to 100 (got 0)');
    expect(e.message).toContain('use 1 to isolate at the first failure');
  });

  it('a reserved output field name says the field is written by eddy', () => {
    expect(refusal(definitionWith({ aggregates: { start: { kind: 'count' } } })).message).toMatch(/eddy writes itself/);
  });

  it.each([
    ['null', null],
    ['a string', 'job'],
    ['a number', 42],
    ['an array', [minimalDefinition()]],
    ['undefined', undefined],
  ])('a job that is %s is refused as "(job)" with how to write one', (_what, def) => {
    const e = refusal(def);
    expect(e.option).toBe('(job)');
    expect(e.message).toContain('defineJob');
  });
});
