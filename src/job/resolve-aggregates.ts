// The `aggregates` option of a windowed job: each output field's aggregate mapped onto the
// accumulators of a window slot (shared where two aggregates need the same one: mean and sum of one
// value share its sum), with the slot's bounds on accumulators, words and item fields. Apart from
// resolve-job.ts because this is where the kernel's window-slot layout is decided, not a check of
// an option's shape.

import { AGGREGATE_KINDS, type AggregateSpec } from './aggregates.js';
import type { Fail } from './job-option-checks.js';
import { ACCUMULATOR_WORDS, type AccumulatorKind, type OutputField, type ResolvedJob } from './resolved-job.js';

const MAX_ACCUMULATORS = 32;
const MAX_ACCUMULATOR_WORDS = 64;
const MAX_ITEM_FIELDS = 4;
const RESERVED_OUTPUT_FIELDS = new Set(['key', 'start', 'end']);

/** The accumulators of a window slot, the output fields read from them and the item fields the sketches count. */
export function resolveAggregates(
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
