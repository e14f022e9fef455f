// Job definitions the unit and kernel tests start from, resolved the way the runtime resolves them.

import { expect } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { JobDefinitionError } from '../../src/job/job-definition-error.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';

/** The smallest valid job definition, as plain data (what a JavaScript job file would export). */
export function minimalDefinition(): Record<string, unknown> {
  return {
    name: 'stats',
    source: { stream: 'sensors' },
    key: 'sensor',
    values: { value: 'value' },
    window: { kind: 'tumbling', size: '10s' },
    aggregates: { n: { kind: 'count' } },
  };
}

/** `minimalDefinition()` with top-level options replaced. */
export function definitionWith(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...minimalDefinition(), ...overrides };
}

/** Fields format, key `sensor`, event time from field `ts`, one value `value`. */
export function sensorJob(overrides: Record<string, unknown> = {}): ResolvedJob {
  return resolveJob(definitionWith({ time: 'ts', ...overrides }));
}

/** Fields format, key `k`, event time from the entry ID, three values read from `a`, `b`, `c`. */
export function entryIdJob(overrides: Record<string, unknown> = {}): ResolvedJob {
  return resolveJob(
    definitionWith({
      key: 'k',
      time: 'entry-id',
      values: { a: 'a', b: 'b', c: 'c' },
      aggregates: { n: { kind: 'count' } },
      ...overrides,
    }),
  );
}

/** Msgpack payload in field `p`; key `k`, time `t`, value `v` are keys of the map. */
export function msgpackJob(overrides: Record<string, unknown> = {}): ResolvedJob {
  return resolveJob(
    definitionWith({ payload: { msgpack: 'p' }, key: 'k', time: 't', values: { v: 'v' }, ...overrides }),
  );
}

type Acc = 'sum' | 'min' | 'max' | 'first' | 'last' | 'variance';

/** Out-of-orderness, value columns v0…, one aggregate per (kind, value) besides the count `n`, batch size. */
interface JobShape {
  outOfOrdernessMs?: number;
  valueCount?: number;
  accs?: readonly { kind: Acc; value: number }[];
  batchSize?: number;
  /** Job options `allowedLateness` (ms) and `emit` (an early interval in ms as { early }). */
  allowedLatenessMs?: number;
  emit?: 'final' | 'update' | { early: number };
  /** Job options `maxKeys` and `maxOpenWindows` (state limits). */
  maxKeys?: number;
  maxOpenWindows?: number;
}

/** A windowing job: tumbling(size, offset), out-of-orderness, and one aggregate per (kind, value). */
export function windowJob(o: JobShape & {
  sizeMs: number;
  /** Set for hopping windows (must divide sizeMs). */
  slideMs?: number;
  offsetMs?: number;
}): ResolvedJob {
  return shapedJob(
    o,
    o.slideMs === undefined
      ? { kind: 'tumbling', size: o.sizeMs, offset: o.offsetMs ?? 0 }
      : { kind: 'hopping', size: o.sizeMs, slide: o.slideMs, offset: o.offsetMs ?? 0 },
  );
}

/** A session-window job: session(gap, { maxDuration }), out-of-orderness, and one aggregate per (kind, value). */
export function sessionJob(o: JobShape & { gapMs: number; maxDurationMs?: number }): ResolvedJob {
  return shapedJob(o, o.maxDurationMs === undefined ? { kind: 'session', gap: o.gapMs } : { kind: 'session', gap: o.gapMs, maxDuration: o.maxDurationMs });
}

/** A rolling-window job: rolling({ last, events }), out-of-orderness, and one aggregate per (kind, value). */
export function rollingJob(o: JobShape & { spanMs: number; maxRows?: number }): ResolvedJob {
  return shapedJob(o, o.maxRows === undefined ? { kind: 'rolling', last: o.spanMs } : { kind: 'rolling', last: o.spanMs, events: o.maxRows });
}

function shapedJob(o: JobShape, window: Record<string, unknown>): ResolvedJob {
  const valueCount = o.valueCount ?? 1;
  const values: Record<string, string> = {};
  for (let v = 0; v < valueCount; v++) values[`v${v}`] = `v${v}`;
  const aggregates: Record<string, unknown> = { n: { kind: 'count' } };
  (o.accs ?? [{ kind: 'sum', value: 0 }]).forEach((a, k) => {
    aggregates[`${a.kind}${k}`] = { kind: a.kind, value: `v${a.value}` };
  });
  return resolveJob(
    definitionWith({
      time: 'ts',
      values,
      window,
      outOfOrderness: o.outOfOrdernessMs ?? 0,
      aggregates,
      batchSize: o.batchSize ?? 1000,
      ...(o.allowedLatenessMs === undefined ? {} : { allowedLateness: o.allowedLatenessMs }),
      ...(o.emit === undefined ? {} : { emit: o.emit }),
      ...(o.maxKeys === undefined ? {} : { maxKeys: o.maxKeys }),
      ...(o.maxOpenWindows === undefined ? {} : { maxOpenWindows: o.maxOpenWindows }),
    }),
  );
}

/** Resolves `def` and returns the refusal, which must be a JobDefinitionError; fails the test when there is none. */
export function refusal(def: unknown): JobDefinitionError {
  try {
    resolveJob(def);
  } catch (e) {
    expect(e).toBeInstanceOf(JobDefinitionError);
    return e as JobDefinitionError;
  }
  throw new Error('resolveJob accepted the definition');
}
