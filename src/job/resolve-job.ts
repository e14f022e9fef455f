import { AGGREGATE_KINDS, type AggregateSpec } from './aggregates.js';
import { durationMs } from './duration.js';
import type { JobDefinition } from './job-definition.js';
import { JobDefinitionError } from './job-definition-error.js';
import { ACCUMULATOR_WORDS, type AccumulatorKind, type OutputField, type ResolvedJob } from './resolved-job.js';
import { partitionStream } from '../redis/keys.js';
import { resolveDetect } from './resolve-detect.js';
import { nearestName } from '../text/edit-distance.js';
import { resolveEmission } from './emission.js';
import { resolveTimeBounds, TIME_BOUNDS_OFF } from './time-bounds.js';

const MAX_VALUES = 8;
const MAX_ACCUMULATORS = 32;
const MAX_ACCUMULATOR_WORDS = 64;
const MAX_ITEM_FIELDS = 4;
const RESERVED_OUTPUT_FIELDS = new Set(['key', 'start', 'end']);

const JOB_OPTIONS = [
  'name', 'source', 'payload', 'key', 'time', 'values', 'window', 'outOfOrderness', 'aggregates',
  'sinks', 'latencyBudget', 'batchSize', 'blockTime', 'idle', 'detect', 'allowedLateness', 'emit', 'timeBounds', 'maxKeys', 'maxOpenWindows',
  'maxDeliveries', 'abandonedPendingAfter',
];
const SOURCE_OPTIONS = ['stream', 'group', 'partitions', 'startId'];
const SINK_OPTIONS = ['output', 'late', 'deadLetter'];
const TIME_OPTIONS = ['field', 'format'];
const WINDOW_OPTIONS: Record<string, string[]> = {
  tumbling: ['kind', 'size', 'offset'],
  hopping: ['kind', 'size', 'slide', 'offset'],
  session: ['kind', 'gap', 'maxDuration'],
  rolling: ['kind', 'last', 'events'],
};
/** Aggregates a rolling window refuses: each needs a sketch per event (see resolveRolling). */
const SKETCH_AGGREGATES = new Set(['quantile', 'distinct', 'topK']);

/**
 * Checks a job definition as it arrives at run time (a JavaScript job file, or one that was never
 * type-checked) and fills in defaults. Every refusal names the option.
 */

/** Defaults of the state limits (README: maxKeys, maxOpenWindows). */
export const DEFAULT_MAX_KEYS = 1_000_000;
export const DEFAULT_MAX_OPEN_WINDOWS = 10_000;
/** Default and bounds of maxDeliveries (README; DESIGN.md, "Faults"). */
export const DEFAULT_MAX_DELIVERIES = 3;
export const MAX_MAX_DELIVERIES = 100;
/** How long every consumer holding entries pending in the group must have been idle before eddy reads those entries (DESIGN.md, "Entries pending in the group"). */
export const DEFAULT_ABANDONED_PENDING = '60s';

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
  if (window?.kind === 'rolling') {
    for (const [field, spec] of Object.entries(job['aggregates'] as Record<string, AggregateSpec>)) {
      if (SKETCH_AGGREGATES.has(spec.kind)) {
        fail(`aggregates.${field}`, `${spec.kind}() is not available with rolling windows: a sketch cannot forget an event, so every event's window would need a sketch of its own; use hopping windows for ${spec.kind}, or count, sum, min, max, mean, range, first, last, variance, stddev here`);
      }
    }
  }
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

type Fail = (option: string, problem: string) => never;

/** Only an absent option takes its default; null is a value, and refused like any wrong one. */
function orDefault(v: unknown, fallback: unknown): unknown {
  return v === undefined ? fallback : v;
}

function resolveWindow(w: unknown, fail: Fail): ResolvedJob['window'] {
  if (typeof w !== 'object' || w === null) return fail('window', "must be a window such as tumbling('10s') (or leave out window and aggregates and set detect: { value, detector } to judge raw events)");
  const spec = w as Record<string, unknown>;
  const allowed = WINDOW_OPTIONS[String(spec['kind'])];
  if (!allowed) return fail('window.kind', `must be one of ${Object.keys(WINDOW_OPTIONS).join(', ')} (got ${String(spec['kind'])})`);
  rejectUnknown(spec, allowed, 'window.', fail);
  if (spec['kind'] === 'session') return resolveSession(spec, fail);
  if (spec['kind'] === 'rolling') return resolveRolling(spec, fail);
  const sizeMs = durationMs(spec['size']);
  if (sizeMs === undefined || sizeMs < 1) fail('window.size', `must be a positive duration like '10s' or 10000 (got ${String(spec['size'])})`);
  let slideMs = sizeMs!;
  if (spec['kind'] === 'hopping') {
    const slide = durationMs(spec['slide']);
    if (slide === undefined || slide < 1) return fail('window.slide', `must be a positive duration like '10s' (got ${String(spec['slide'])})`);
    if (sizeMs! % slide !== 0) return fail('window.slide', `must divide window.size (${sizeMs} ms is not a multiple of ${slide} ms)`);
    slideMs = slide;
  }
  const offsetMs = durationMs(orDefault(spec['offset'], 0));
  if (offsetMs === undefined) return fail('window.offset', `must be a duration like '1h' or -3600000 (got ${String(spec['offset'])})`);
  return { kind: spec['kind'] as 'tumbling' | 'hopping', sizeMs: sizeMs!, slideMs, offsetMs: ((offsetMs % slideMs) + slideMs) % slideMs };
}

function resolveSession(spec: Record<string, unknown>, fail: Fail): ResolvedJob['window'] {
  const gapMs = durationMs(spec['gap']);
  if (gapMs === undefined || gapMs < 1) return fail('window.gap', `must be a duration of at least 1 ms, like '30s' (got ${String(spec['gap'])})`);
  if (spec['maxDuration'] === undefined) return { kind: 'session', gapMs };
  const maxDurationMs = durationMs(spec['maxDuration']);
  if (maxDurationMs === undefined || maxDurationMs < gapMs) {
    return fail('window.maxDuration', `must be a duration of at least window.gap (${gapMs} ms), like '1h' (got ${String(spec['maxDuration'])}): a session lasts at least gap`);
  }
  return { kind: 'session', gapMs, maxDurationMs };
}

function resolveRolling(spec: Record<string, unknown>, fail: Fail): ResolvedJob['window'] {
  if (spec['last'] === undefined) {
    return fail('window.last', spec['events'] === undefined
      ? "is required: rolling({ last: '5m' }) holds each event's key's events of the last 5 minutes"
      : `is required with events too, like rolling({ events: ${String(spec['events'])}, last: '1h' }): a key's last events may be arbitrarily old, and a successor after a takeover rebuilds windows by replaying the input of the last 'last' ms only`);
  }
  const spanMs = durationMs(spec['last']);
  if (spanMs === undefined || spanMs < 1) return fail('window.last', `must be a duration of at least 1 ms, like '5m' (got ${String(spec['last'])})`);
  if (spec['events'] === undefined) return { kind: 'rolling', spanMs };
  const maxRows = spec['events'];
  if (!Number.isInteger(maxRows) || (maxRows as number) < 1 || (maxRows as number) > 0x7ffffffe) {
    return fail('window.events', `must be an integer from 1 to 2147483646 (got ${String(maxRows)})`);
  }
  return { kind: 'rolling', spanMs, maxRows: maxRows as number };
}

function resolveAggregates(
  a: unknown,
  valueNames: readonly string[],
  fail: Fail,
): { accumulators: ResolvedJob['accumulators'][number][]; outputFields: OutputField[]; itemFields: string[] } {
  if (typeof a !== 'object' || a === null || Object.keys(a).length === 0) {
    return fail('aggregates', "must map output field names to aggregates, like { count: count(), mean: mean('value') }");
  }
  const accumulators: { kind: AccumulatorKind; value: number; word: number; param?: number }[] = [];
  const itemFields: string[] = [];
  let words = 0;
  /** The first word of the (kind, value, param) accumulator, shared by every aggregate that needs it. */
  const wordOf = (kind: AccumulatorKind, value: number, param?: number): number => {
    const found = accumulators.find((x) => x.kind === kind && x.value === value && x.param === param);
    if (found) return found.word;
    accumulators.push(param === undefined ? { kind, value, word: words } : { kind, value, word: words, param });
    words += ACCUMULATOR_WORDS[kind];
    return words - ACCUMULATOR_WORDS[kind];
  };
  const itemOf = (field: unknown, option: string): number => {
    if (typeof field !== 'string' || field.length === 0) return fail(`${option}.field`, 'must name the field whose values are counted');
    if (!itemFields.includes(field)) itemFields.push(field);
    if (itemFields.length > MAX_ITEM_FIELDS) fail(option, `makes more than ${MAX_ITEM_FIELDS} item fields; split the job`);
    return itemFields.indexOf(field);
  };
  const outputFields: OutputField[] = [];
  for (const [field, spec] of Object.entries(a as Record<string, AggregateSpec>)) {
    const option = `aggregates.${field}`;
    if (RESERVED_OUTPUT_FIELDS.has(field)) fail(option, `names an output field that eddy writes itself (${[...RESERVED_OUTPUT_FIELDS].join(', ')}); rename it`);
    if (typeof spec !== 'object' || spec === null || !AGGREGATE_KINDS.includes(spec.kind)) {
      fail(option, `must be one of ${AGGREGATE_KINDS.map((k) => `${k}()`).join(', ')}`);
    }
    if (spec.kind === 'count') {
      outputFields.push({ name: field, from: 'count' });
      continue;
    }
    if (spec.kind === 'distinct') {
      const precision = spec.precision ?? 14;
      if (!Number.isInteger(precision) || precision < 4 || precision > 18) fail(`${option}.precision`, `must be an integer from 4 to 18 (got ${String(precision)})`);
      outputFields.push({ name: field, from: 'distinct', sketchWord: wordOf('distinct', itemOf(spec.field, option), precision) });
      continue;
    }
    if (spec.kind === 'topK') {
      if (!Number.isInteger(spec.k) || spec.k < 1 || spec.k > 1000) fail(`${option}.k`, `must be an integer from 1 to 1000 (got ${String(spec.k)})`);
      const counters = spec.counters ?? Math.max(10 * spec.k, 64);
      if (!Number.isInteger(counters) || counters < spec.k || counters > 100_000) fail(`${option}.counters`, `must be an integer from k to 100000 (got ${String(counters)})`);
      outputFields.push({ name: field, from: 'topK', sketchWord: wordOf('topK', itemOf(spec.field, option), counters), k: spec.k });
      continue;
    }
    const v = valueNames.indexOf(spec.value);
    if (v < 0) fail(option, `refers to value "${String(spec.value)}", which is not in values (${valueNames.join(', ')})`);
    switch (spec.kind) {
      case 'sum':
      case 'min':
      case 'max':
        outputFields.push({ name: field, from: 'word', word: wordOf(spec.kind, v) });
        break;
      case 'first':
      case 'last':
        // The value is the second word; the first holds its event time.
        outputFields.push({ name: field, from: 'word', word: wordOf(spec.kind, v) + 1 });
        break;
      case 'mean':
        outputFields.push({ name: field, from: 'mean', sumWord: wordOf('sum', v) });
        break;
      case 'range':
        outputFields.push({ name: field, from: 'range', minWord: wordOf('min', v), maxWord: wordOf('max', v) });
        break;
      case 'quantile': {
        if (typeof spec.q !== 'number' || !(spec.q >= 0 && spec.q <= 1)) fail(`${option}.q`, `must be a number from 0 to 1 (got ${String(spec.q)})`);
        const accuracy = spec.accuracy ?? 0.01;
        if (typeof accuracy !== 'number' || !(accuracy > 0 && accuracy < 1)) fail(`${option}.accuracy`, `must be a relative accuracy between 0 and 1, like 0.01 (got ${String(accuracy)})`);
        outputFields.push({ name: field, from: 'quantile', sketchWord: wordOf('quantiles', v, accuracy), q: spec.q });
        break;
      }
      case 'variance':
      case 'stddev':
        if (spec.sample !== undefined && typeof spec.sample !== 'boolean') fail(`${option}.sample`, 'must be true or false');
        outputFields.push({ name: field, from: spec.kind, momentsWord: wordOf('moments', v), sample: spec.sample === true });
        break;
    }
  }
  if (accumulators.length > MAX_ACCUMULATORS || words > MAX_ACCUMULATOR_WORDS) fail('aggregates', `needs more state than one window slot holds (${MAX_ACCUMULATORS} accumulators, ${MAX_ACCUMULATOR_WORDS} words); split the job`);
  return { accumulators, outputFields, itemFields };
}

function asRecord(v: unknown, job: string, option: string, problem: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new JobDefinitionError(job, option, problem);
  return v as Record<string, unknown>;
}

function nonEmptyString(v: unknown, option: string, fail: Fail): string {
  if (typeof v !== 'string' || v.length === 0) return fail(option, `must be a non-empty string (got ${JSON.stringify(v)})`);
  return v;
}

function nonNegativeDuration(v: unknown, option: string, fail: Fail): number {
  const ms = durationMs(v);
  if (ms === undefined || ms < 0) return fail(option, `must be a duration like '2s' or 2000 (got ${JSON.stringify(v)})`);
  return ms;
}

function rejectUnknown(obj: Record<string, unknown>, allowed: readonly string[], prefix: string, fail: Fail): void {
  for (const k of Object.keys(obj)) {
    if (allowed.includes(k)) continue;
    const near = nearestName(k, allowed);
    fail(`${prefix}${k}`, `is not an option${near ? ` — did you mean "${prefix}${near}"?` : ` (known: ${allowed.join(', ')})`}`);
  }
}
