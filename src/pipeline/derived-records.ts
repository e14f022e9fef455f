// The derived events of a batch as flat field/value lists, ready for XADD. Everything written is a
// function of the input entries only (no wall-clock time), so a replayed batch writes the same.

import type { OutputField, ResolvedJob } from '../job/resolved-job.js';
import type { RawEntry } from '../reference/resp-value.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { RESULT_HEADER_F64, RESULT_TAG_F64 } from '../wasm/layout.js';
import { EMIT_KINDS } from '../job/emission.js';
import { numberText } from './number-text.js';
import { sketchOutputText } from '../wasm/sketch-outputs.js';

/** Field/value pairs of one stream entry to add. */
export type Fields = (string | Buffer)[];

/** Where window results are written: field lists for tests and tools, or packed for the commit. */
export interface ResultSink {
  record(fields: number): unknown;
  field(f: string | Buffer): unknown;
}

/**
 * Window results of the last `process` call, each as key, start, end, then the job's aggregates in
 * order — and, for a job that revises results, `emit` and `revision` (and for session windows
 * `supersedes`: the start of the key's earlier result this one replaces, or '') — written straight from the
 * kernel's results region into `sink`.
 */
export function writeResults(job: ResolvedJob, kernel: PartitionKernel, keyNames: KeyNames, sink: ResultSink, skipEndsUpTo = -Infinity): number {
  const w = kernel.wasm;
  const count = w.resultCount();
  const stride = w.resultStride();
  const tagged = job.emission !== undefined;
  // Session windows with emission also name the start of the result this one supersedes (or '').
  const superseding = tagged && job.window?.kind === 'session';
  const fields = 6 + 2 * job.outputFields.length + (tagged ? 4 : 0) + (superseding ? 2 : 0);
  let written = 0;
  for (let r = 0; r < count; r++) {
    const f64 = kernel.views().f64;
    const at = (w.resultsPtr() >> 3) + r * stride;
    if (f64[at + 2]! <= skipEndsUpTo) continue;
    written++;
    const n = f64[at + 3]!;
    sink.record(fields);
    sink.field('key');
    sink.field(keyNames.get(f64[at]!));
    sink.field('start');
    sink.field(numberText(f64[at + 1]!));
    sink.field('end');
    sink.field(numberText(f64[at + 2]!));
    const words = at + RESULT_HEADER_F64;
    for (const f of job.outputFields) {
      sink.field(f.name);
      if (f.from === 'quantile' || f.from === 'distinct' || f.from === 'topK') sink.field(sketchOutputText(w, f, f64[words + f.sketchWord]!));
      else sink.field(numberText(outputValue(f, n, f64, words)));
    }
    if (tagged) {
      // Read again: a sketch's output text may have grown linear memory.
      const tags = kernel.views().f64;
      const t = at + stride - RESULT_TAG_F64;
      sink.field('emit');
      sink.field(EMIT_KINDS[tags[t]!]!);
      sink.field('revision');
      sink.field(String(tags[t + 1]!));
      if (superseding) {
        sink.field('supersedes');
        sink.field(Number.isNaN(tags[t - 1]!) ? '' : numberText(tags[t - 1]!));
      }
    }
  }
  return written;
}

/** How many of the last `process` call's results end after `skipEndsUpTo` (all of them by default). */
export function resultsEndingAfter(kernel: PartitionKernel, skipEndsUpTo: number): number {
  const w = kernel.wasm;
  const count = w.resultCount();
  if (skipEndsUpTo === -Infinity) return count;
  const stride = w.resultStride();
  const f64 = kernel.views().f64;
  let kept = 0;
  for (let r = 0; r < count; r++) if (f64[(w.resultsPtr() >> 3) + r * stride + 2]! > skipEndsUpTo) kept++;
  return kept;
}

/** One numeric output field from a result record's count and accumulator words (starting at f64[words]). */
export function outputValue(f: Exclude<OutputField, { from: 'quantile' | 'distinct' | 'topK' }>, n: number, f64: Float64Array, words: number): number {
  switch (f.from) {
    case 'count':
      return n;
    case 'word':
      return f64[words + f.word]!;
    case 'mean':
      return f64[words + f.sumWord]! / n;
    case 'range':
      return f64[words + f.maxWord]! - f64[words + f.minWord]!;
    case 'variance':
    case 'stddev': {
      const variance = f64[words + f.momentsWord + 2]! / (f.sample ? n - 1 : n);
      return f.from === 'variance' ? variance : Math.sqrt(variance);
    }
  }
}

/** Window results of the last `process` call as field lists. */
export function resultRecords(job: ResolvedJob, kernel: PartitionKernel, keyNames: KeyNames): Fields[] {
  const out: Fields[] = [];
  writeResults(job, kernel, keyNames, {
    record: () => out.push([]),
    field: (f) => out[out.length - 1]!.push(f),
  });
  return out;
}

/**
 * Late event: the original fields, then the window it missed and the watermark that had passed it;
 * with `withLateness` (a job with allowedLateness or an emit mode, DESIGN.md "Lateness and
 * emission") also `lateness`, watermark − window end, last.
 */
export function lateRecord(entry: RawEntry, start: number, end: number, watermark: number, withLateness = false): Fields {
  const record: Fields = [
    ...originalFields(entry),
    'window_start', numberText(start),
    'window_end', numberText(end),
    'watermark', numberText(watermark),
    'source_id', entry.id,
  ];
  if (withLateness) record.push('lateness', numberText(watermark - end));
  return record;
}

/** Dead letter: the original fields, why it was refused, and where it came from. */
export function deadLetterRecord(entry: RawEntry, reason: string, detail: string): Fields {
  return [...originalFields(entry), 'reason', reason, 'detail', detail, 'source_id', entry.id];
}

/** Field pairs copied from an original entry; Lua's unpack() limits one XADD to a few thousand arguments. */
export const MAX_COPIED_FIELDS = 1000;

function originalFields(entry: RawEntry): Fields {
  const out: Fields = [];
  const fields = entry.fields ?? [];
  for (const [name, value] of fields.slice(0, MAX_COPIED_FIELDS)) out.push(name, value);
  if (fields.length > MAX_COPIED_FIELDS) out.push('fields_truncated', String(fields.length - MAX_COPIED_FIELDS));
  return out;
}

/** Key id → key bytes, read out of the kernel once per key. */
export class KeyNames {
  private readonly names: Buffer[] = [];
  constructor(private readonly kernel: PartitionKernel) {}
  get(id: number): Buffer {
    let name = this.names[id];
    if (name === undefined) {
      name = this.kernel.keyBytes(id);
      this.names[id] = name;
    }
    return name;
  }
}
