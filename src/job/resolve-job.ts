import type { AggregateSpec } from './aggregates.js';
import type { JobDefinition } from './job-definition.js';
import { JobDefinitionError } from './job-definition-error.js';
import { asRecord, nonEmptyString, nonNegativeDuration, orDefault, rejectUnknown } from './job-option-checks.js';
import type { ResolvedJob } from './resolved-job.js';
import { partitionStream } from '../redis/keys.js';
import { resolveAggregates } from './resolve-aggregates.js';
import { resolveDetect } from './resolve-detect.js';
import { refuseRollingSketches, resolveWindow } from './resolve-window.js';
import { resolveEmission } from './emission.js';
import { resolveTimeBounds, TIME_BOUNDS_OFF } from './time-bounds.js';

const MAX_VALUES = 8;

const JOB_OPTIONS = [
  'name', 'source', 'payload', 'key', 'time', 'values', 'window', 'outOfOrderness', 'aggregates',
  'sinks', 'latencyBudget', 'batchSize', 'blockTime', 'idle', 'detect', 'allowedLateness', 'emit', 'timeBounds', 'maxKeys', 'maxOpenWindows',
  'maxDeliveries', 'abandonedPendingAfter',
];
const SOURCE_OPTIONS = ['stream', 'group', 'partitions', 'startId'];
const SINK_OPTIONS = ['output', 'late', 'deadLetter'];
const TIME_OPTIONS = ['field', 'format'];

/** Defaults of the state limits (README: maxKeys, maxOpenWindows). */
export const DEFAULT_MAX_KEYS = 1_000_000;
export const DEFAULT_MAX_OPEN_WINDOWS = 10_000;
/** Default and bounds of maxDeliveries (README; DESIGN.md, "Faults"). */
export const DEFAULT_MAX_DELIVERIES = 3;
export const MAX_MAX_DELIVERIES = 100;
/** How long every consumer holding entries pending in the group must have been idle before eddy reads those entries (DESIGN.md, "Entries pending in the group"). */
export const DEFAULT_ABANDONED_PENDING = '60s';

/**
 * Checks a job definition as it arrives at run time (a JavaScript job file, or one that was never
 * type-checked) and fills in defaults. Every refusal names the option. The window and aggregates
 * are resolve-window.ts's and resolve-aggregates.ts's; how an option is read, job-option-checks.ts's.
 */
export function resolveJob(def: unknown): ResolvedJob {
  const job = asRecord(def, '?', '(job)', 'must be an object: the default export of the job file, made with defineJob({...})');
  const name = job['name'];
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(name)) {
    throw new JobDefinitionError(String(name ?? '?'), 'name', 'must be a non-empty name of letters, digits, ".", "_", ":" or "-"');
  }
  const fail = (option: string, problem: string): never => {
    throw new JobDefinitionError(name, option, problem);
  };
  rejectUnknown(job, JOB_OPTIONS, '', fail);

  const source = asRecord(job['source'], name, 'source', 'must be an object like { stream: "sensors" }');
  rejectUnknown(source, SOURCE_OPTIONS, 'source.', fail);
  const stream = nonEmptyString(source['stream'], 'source.stream', fail);
  const group = source['group'] === undefined ? name : nonEmptyString(source['group'], 'source.group', fail);
  const partitionCount = orDefault(source['partitions'], 1);
  if (!Number.isInteger(partitionCount) || (partitionCount as number) < 1 || (partitionCount as number) > 4096) {
    fail('source.partitions', `must be an integer from 1 to 4096 (got ${String(partitionCount)})`);
  }
  const startId = orDefault(source['startId'], '0');
  if (startId !== '0' && startId !== '$') return fail('source.startId', `must be '0' or '$' (got ${String(startId)})`);
  const partitions =
    source['partitions'] === undefined
      ? [stream]
      : Array.from({ length: partitionCount as number }, (_, p) => partitionStream(stream, p));

  let format: ResolvedJob['format'] = { kind: 'fields' };
  if (job['payload'] !== undefined) {
    const payload = asRecord(job['payload'], name, 'payload', "must be { msgpack: '<field>' }");
    rejectUnknown(payload, ['msgpack'], 'payload.', fail);
    format = { kind: 'msgpack', field: nonEmptyString(payload['msgpack'], 'payload.msgpack', fail) };
  }

  const keyField = nonEmptyString(job['key'], 'key', fail);

  let time: ResolvedJob['time'] = { kind: 'entry-id' };
  const t = job['time'];
  if (typeof t === 'string') {
    time = t === 'entry-id' ? { kind: 'entry-id' } : { kind: 'field', field: nonEmptyString(t, 'time', fail), format: 'epoch-ms' };
  } else if (t !== undefined) {
    const to = asRecord(t, name, 'time', "must be a field name, 'entry-id' or { field, format }");
    rejectUnknown(to, TIME_OPTIONS, 'time.', fail);
    const fmt = orDefault(to['format'], 'epoch-ms');
    if (fmt !== 'epoch-ms' && fmt !== 'iso-8601') return fail('time.format', `must be 'epoch-ms' or 'iso-8601' (got ${String(fmt)})`);
    time = { kind: 'field', field: nonEmptyString(to['field'], 'time.field', fail), format: fmt };
  }
  const bounds = resolveTimeBounds(job['timeBounds'], fail, (o, allowed, prefix) => rejectUnknown(o, allowed, prefix, fail));
  // Event time taken from the entry ID is the ID's time: nothing to bound.
  const timeBounds = time.kind === 'entry-id' ? TIME_BOUNDS_OFF : bounds;

  const values = asRecord(job['values'], name, 'values', "must map value names to fields, like { value: 'value' }");
  const valueNames = Object.keys(values);
  if (valueNames.length === 0 || valueNames.length > MAX_VALUES) {
    fail('values', `must name between 1 and ${MAX_VALUES} values (got ${valueNames.length})`);
  }
  const valueFields = valueNames.map((v) => nonEmptyString(values[v], `values.${v}`, fail));

  // A job without a window judges raw events with its detector; every other job is windowed.
  const detectsEvents = job['window'] === undefined && job['aggregates'] === undefined && job['detect'] !== undefined;
  const window = detectsEvents ? undefined : resolveWindow(job['window'], fail);
  const outOfOrdernessMs = nonNegativeDuration(orDefault(job['outOfOrderness'], 0), 'outOfOrderness', fail);

  const { accumulators, outputFields, itemFields } = detectsEvents
    ? { accumulators: [], outputFields: [], itemFields: [] }
    : resolveAggregates(job['aggregates'], valueNames, fail);
  if (window?.kind === 'rolling') refuseRollingSketches(job['aggregates'] as Record<string, AggregateSpec>, fail);
  const emission = resolveEmission(job['allowedLateness'], job['emit'], window, job['detect'] !== undefined && !detectsEvents, fail);
  const detect = resolveDetect(job['detect'], !detectsEvents, valueNames, outputFields, fail, (o, allowed, prefix) => rejectUnknown(o, allowed, prefix, fail));

  const sinks = job['sinks'] === undefined ? {} : asRecord(job['sinks'], name, 'sinks', 'must be an object');
  rejectUnknown(sinks, SINK_OPTIONS, 'sinks.', fail);
  const sinkName = (k: string, fallback: string): string =>
    sinks[k] === undefined ? fallback : nonEmptyString(sinks[k], `sinks.${k}`, fail);

  const batchSize = orDefault(job['batchSize'], 1000);
  if (!Number.isInteger(batchSize) || (batchSize as number) < 1 || (batchSize as number) > 100_000) {
    fail('batchSize', `must be an integer from 1 to 100000 (got ${String(batchSize)})`);
  }

  const limit = (option: 'maxKeys' | 'maxOpenWindows', fallback: number): number => {
    const v = orDefault(job[option], fallback);
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 0x7fffffff) {
      fail(option, `must be an integer from 1 to 2147483647 (got ${String(v)})`);
    }
    return v as number;
  };
  const maxKeys = limit('maxKeys', DEFAULT_MAX_KEYS);
  const maxOpenWindows = limit('maxOpenWindows', DEFAULT_MAX_OPEN_WINDOWS);
  const maxDeliveries = orDefault(job['maxDeliveries'], DEFAULT_MAX_DELIVERIES);
  if (!Number.isInteger(maxDeliveries) || (maxDeliveries as number) < 1 || (maxDeliveries as number) > MAX_MAX_DELIVERIES) {
    fail(
      'maxDeliveries',
      `must be an integer from 1 to ${MAX_MAX_DELIVERIES} (got ${JSON.stringify(maxDeliveries)}): the failed deliveries of a batch before its entries are tried one at a time — use 1 to isolate at the first failure, or leave it out for ${DEFAULT_MAX_DELIVERIES}`,
    );
  }

  return {
    maxKeys,
    maxOpenWindows,
    maxDeliveries: maxDeliveries as number,
    name,
    group,
    partitions,
    startId,
    format,
    keyField,
    time,
    timeBounds,
    valueNames,
    valueFields,
    ...(window === undefined ? {} : { window }),
    ...(emission === undefined ? {} : { emission }),
    outOfOrdernessMs,
    accumulators,
    outputFields,
    itemFields,
    ...(detect === undefined ? {} : { detect }),
    sinks: {
      output: sinkName('output', `${name}:out`),
      late: sinkName('late', `${name}:late`),
      deadLetter: sinkName('deadLetter', `${name}:dlq`),
    },
    latencyBudgetMs: nonNegativeDuration(orDefault(job['latencyBudget'], 50), 'latencyBudget', fail),
    batchSize: batchSize as number,
    blockMs: nonNegativeDuration(orDefault(job['blockTime'], 1000), 'blockTime', fail),
    idleMs: nonNegativeDuration(orDefault(job['idle'], 0), 'idle', fail),
    abandonedPendingMs: nonNegativeDuration(orDefault(job['abandonedPendingAfter'], DEFAULT_ABANDONED_PENDING), 'abandonedPendingAfter', fail),
  };
}
