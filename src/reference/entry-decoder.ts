// The reference decoder of one stream entry: what key, event time and values it carries, or why it
// is unusable. The WASM fast path must agree with it on every entry it decides; the entries it
// cannot decide (exponents, long digit strings, msgpack payloads) are decoded here on the host.

import { unpack } from 'msgpackr';
import type { ResolvedJob } from '../job/resolved-job.js';
import type { DeadLetterReason } from '../wasm/layout.js';
import type { RawEntry } from './resp-value.js';

/** `timeBounds` absent: no bounds (a ResolvedJob always has them, unbounded where the job says so). */
export type DecodeConfig = Pick<ResolvedJob, 'format' | 'keyField' | 'time' | 'valueFields'> & Partial<Pick<ResolvedJob, 'itemFields' | 'timeBounds'>>;

export type DecodedEntry =
  | {
      readonly kind: 'ok';
      readonly key: Buffer;
      readonly time: number;
      readonly values: readonly number[];
      /** Item fields' bytes (distinct counts, top-k), when the job has any; undefined where the entry lacks the field. */
      readonly items?: readonly (Buffer | undefined)[];
    }
  | { readonly kind: 'bad'; readonly reason: DeadLetterReason; readonly detail: string }
  | { readonly kind: 'deleted' };

/** Largest event time accepted: the last millisecond a JavaScript Date can hold. */
export const MAX_EVENT_TIME_MS = 8.64e15;

// Unambiguous on purpose: `\d+\.?\d*` lets two quantifiers split one digit run n ways, so a 1 MB
// run of digits followed by junk took minutes of backtracking; here every digit has one place.
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_WORD = /^[+-]?(nan|inf|infinity)$/i;
const EPOCH_MS = /^\d+$/;

type Scalar = Buffer | number | string | bigint | boolean | null | undefined | object;

export function decodeEntry(entry: RawEntry, job: DecodeConfig): DecodedEntry {
  if (entry.fields === null) return { kind: 'deleted' };
  const reader = fieldReader(entry.fields, job, readFields(job));
  if (reader.kind === 'bad') return reader;
  const get = reader.get;

  const rawKey = get(job.keyField);
  const key = keyBytes(rawKey);
  if (key === undefined) return bad('missing-key', `no usable key in "${job.keyField}"`);

  let time: number;
  if (job.time.kind === 'entry-id') {
    const t = epochMs(/^\d+/.exec(entry.id)?.[0]);
    if (t === undefined) return bad('bad-time', `entry ID ${entry.id} is not a time in [0, ${MAX_EVENT_TIME_MS}] ms`);
    time = t;
  } else {
    const rawTime = get(job.time.field);
    if (rawTime === undefined || rawTime === null) return bad('missing-time', `no field "${job.time.field}"`);
    const t = job.time.format === 'iso-8601' ? isoMs(rawTime) : epochMs(rawTime);
    if (t === undefined) {
      return bad(
        'bad-time',
        job.time.format === 'iso-8601'
          ? `"${job.time.field}" is not ISO-8601 date-time text with a zone, like 2026-11-27T01:31:00.250Z`
          : `"${job.time.field}" is not integer epoch milliseconds in [0, ${MAX_EVENT_TIME_MS}]`,
      );
    }
    time = t;
    const bounds = job.timeBounds;
    if (bounds !== undefined && (bounds.maxAheadMs !== Infinity || bounds.maxBehindMs !== Infinity)) {
      // Redis IDs are `<ms>-<seq>`; the digits alone, as the kernel reads them.
      const idMs = Number(/^\d*/.exec(entry.id)![0] || NaN);
      if (!(time <= idMs + bounds.maxAheadMs && time >= idMs - bounds.maxBehindMs)) {
        return bad('time-out-of-bounds', `"${job.time.field}" (${time}) is ${outOfBounds(time, idMs, bounds)} the entry ID's time (${idMs})`);
      }
    }
  }

  const values: number[] = [];
  for (const field of job.valueFields) {
    const raw = get(field);
    if (raw === undefined || raw === null) return bad('missing-value', `no field "${field}"`);
    const v = numberOf(raw);
    if (typeof v === 'string') return bad(v, `"${field}" is ${v === 'non-finite-value' ? 'not finite' : 'not a decimal number'}`);
    values.push(v);
  }
  // Items are optional: an entry without one is still windowed, it just is not counted there.
  if (!job.itemFields?.length) return { kind: 'ok', key, time, values };
  return { kind: 'ok', key, time, values, items: job.itemFields.map((field) => keyBytes(get(field))) };
}

/**
 * The key alone, judged as decodeEntry judges it (a repeated key field, a missing or bad msgpack
 * payload, no usable key), for the repartition stage: it routes entries by key and leaves every
 * other verdict to the job.
 */
export function decodeKey(
  entry: RawEntry,
  job: Pick<DecodeConfig, 'format' | 'keyField'>,
): { readonly kind: 'ok'; readonly key: Buffer } | BadEntry | { readonly kind: 'deleted' } {
  if (entry.fields === null) return { kind: 'deleted' };
  const reader = fieldReader(entry.fields, job, [job.keyField]);
  if (reader.kind === 'bad') return reader;
  const key = keyBytes(reader.get(job.keyField));
  return key === undefined ? bad('missing-key', `no usable key in "${job.keyField}"`) : { kind: 'ok', key };
}

/** How to look a field up in the entry (its fields, or its msgpack payload's map), or why the entry has none; `checked`: the fields that must not repeat. */
function fieldReader(
  fields: NonNullable<RawEntry['fields']>,
  job: Pick<DecodeConfig, 'format'>,
  checked: readonly string[],
): { readonly kind: 'ok'; readonly get: (name: string) => Scalar } | BadEntry {
  let get: (name: string) => Scalar;
  if (job.format.kind === 'fields') {
    const map = new Map<string, Buffer>();
    const repeated = new Set<string>();
    for (const [name, value] of fields) {
      const k = name.toString('latin1');
      if (map.has(k)) repeated.add(k);
      else map.set(k, value);
    }
    const twice = repeated.size > 0 ? checked.find((f) => repeated.has(latin1(f))) : undefined;
    if (twice !== undefined) return bad('duplicate-field', `field "${twice}" occurs more than once`);
    get = (name) => map.get(latin1(name));
  } else {
    const field = Buffer.from(job.format.field, 'utf8');
    const holders = fields.filter(([name]) => name.equals(field));
    if (holders.length > 1) return bad('duplicate-field', `field "${job.format.field}" occurs more than once`);
    const raw = holders[0]?.[1];
    if (raw === undefined) return bad('bad-payload', `no field "${job.format.field}" holding the msgpack payload`);
    let payload: unknown;
    try {
      payload = unpack(raw);
    } catch (e) {
      return bad('bad-payload', `field "${job.format.field}" is not msgpack: ${(e as Error).message}`);
    }
    if (payload instanceof Map) get = (name) => payload.get(name) as Scalar;
    else if (isPlainObject(payload)) {
      const obj = payload as Record<string, unknown>;
      get = (name) => (Object.hasOwn(obj, name) ? (obj[name] as Scalar) : undefined);
    } else return bad('bad-payload', `field "${job.format.field}" holds msgpack that is not a map`);
  }
  return { kind: 'ok', get };
}

/** The entry fields a job reads, in the order a duplicate is reported. */
function readFields(job: DecodeConfig): string[] {
  return [job.keyField, ...(job.time.kind === 'field' ? [job.time.field] : []), ...job.valueFields, ...(job.itemFields ?? [])];
}

/** Field names are compared as bytes; latin1 maps bytes to string units one to one. */
function latin1(name: string): string {
  return Buffer.from(name, 'utf8').toString('latin1');
}

function outOfBounds(time: number, idMs: number, b: NonNullable<DecodeConfig['timeBounds']>): string {
  if (Number.isNaN(idMs)) return 'not comparable with';
  return time > idMs ? `more than ${b.maxAheadMs} ms ahead of` : `more than ${b.maxBehindMs} ms behind`;
}

/** A msgpack map decoded as an object (msgpackr returns other objects, e.g. for the reserved byte 0xc1). */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** An unusable entry's verdict. */
type BadEntry = { readonly kind: 'bad'; readonly reason: DeadLetterReason; readonly detail: string };

function bad(reason: DeadLetterReason, detail: string): BadEntry {
  return { kind: 'bad', reason, detail };
}

function keyBytes(v: Scalar): Buffer | undefined {
  if (v instanceof Uint8Array) return Buffer.from(v);
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint') return Buffer.from(String(v), 'utf8');
  return undefined;
}

function textOf(v: Scalar): string | undefined {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
  if (typeof v === 'string') return v;
  return undefined;
}

/** Decimal text (or a msgpack number) → number, or why not. */
export function numberOf(v: Scalar): number | 'non-numeric-value' | 'non-finite-value' {
  if (typeof v === 'number') return Number.isFinite(v) ? v : 'non-finite-value';
  if (typeof v === 'bigint') return Number(v);
  const s = textOf(v);
  if (s === undefined) return 'non-numeric-value';
  if (DECIMAL.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? n : 'non-finite-value';
  }
  return NON_FINITE_WORD.test(s) ? 'non-finite-value' : 'non-numeric-value';
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of ISO-8601 date-time text with a zone (Z or ±hh:mm), in [0, MAX_EVENT_TIME_MS].
 * Fractions beyond milliseconds are cut (Date.parse), so results stay integers.
 */
export function isoMs(v: Scalar): number | undefined {
  const s = textOf(v);
  if (s === undefined || !ISO_8601.test(s)) return undefined;
  // Date.parse rolls 2026-02-30 over into March; a calendar date must exist as written.
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d || m < 1 || m > 12) return undefined;
  const n = Date.parse(s);
  return Number.isInteger(n) && n >= 0 && n <= MAX_EVENT_TIME_MS ? n : undefined;
}

/** Integer epoch milliseconds in [0, MAX_EVENT_TIME_MS], from digits or a msgpack integer. */
export function epochMs(v: Scalar): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'bigint') n = Number(v);
  else {
    const s = textOf(v);
    if (s === undefined || !EPOCH_MS.test(s)) return undefined;
    n = Number(s);
  }
  return Number.isInteger(n) && n >= 0 && n <= MAX_EVENT_TIME_MS ? n : undefined;
}
