// Drives the WASM tumbling kernel the way the partition runner does, minus the decoding: batch
// columns are written directly (status, key id, time, values), `process` runs once per batch, and
// results and late events are read back out of linear memory in the reference's shape.

import type { ReferenceEvent, ReferenceLate, ReferenceResult } from '../../src/reference/window-reference.js';
import type { ReferenceRefusal } from '../../src/reference/state-limit-reference.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { RESULT_HEADER_F64, RESULT_TAG_F64, STATUS_KEY_LIMIT, STATUS_OK, STATUS_WINDOW_LIMIT } from '../../src/wasm/layout.js';
import { EMIT_KINDS } from '../../src/job/emission.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';

/** One row of a batch: an event, or an entry the decoder refused (status ≠ OK, skipped by the kernel). */
export type BatchRow = { readonly event: ReferenceEvent } | { readonly skippedStatus: number };

export interface KernelWindowRun {
  readonly results: ReferenceResult[];
  readonly late: ReferenceLate[];
  /** For each result, the index of the batch whose `process` call emitted it. */
  readonly emittedIn: number[];
  /** The kernel's watermark after each batch. */
  readonly watermarks: number[];
  /** Events refused for a state limit (status STATUS_KEY_LIMIT / STATUS_WINDOW_LIMIT after processing), by index among the events. */
  readonly refused: ReferenceRefusal[];
}

/** Key string → key id through the kernel's own key table, as the decoder would intern it. */
export function internKey(kernel: PartitionKernel, key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  const p = kernel.wasm.reserveScratch(bytes.length);
  kernel.views().u8.set(bytes, p);
  return kernel.wasm.internKey(p, bytes.length);
}

/** Writes rows [0, rows.length) of the batch columns. */
export function writeBatch(kernel: PartitionKernel, valueCount: number, rows: readonly BatchRow[]): void {
  const w = kernel.wasm;
  rows.forEach((row, i) => {
    if ('skippedStatus' in row) {
      kernel.views().u8[w.statusColPtr() + i] = row.skippedStatus;
      return;
    }
    const keyId = internKey(kernel, row.event.key);
    const { u8, i32, f64 } = kernel.views();
    u8[w.statusColPtr() + i] = STATUS_OK;
    i32[(w.keyIdColPtr() >> 2) + i] = keyId;
    f64[(w.timeColPtr() >> 3) + i] = row.event.time;
    for (let v = 0; v < valueCount; v++) f64[(w.valuesColPtr() >> 3) + i * valueCount + v] = row.event.values[v]!;
  });
}

/**
 * The window results of the last `process` call, keys read back from the key table; `tagged`: with
 * emit and revision; `session` (and tagged): with supersedes too.
 */
export function readResults(kernel: PartitionKernel, tagged = false, session = false): ReferenceResult[] {
  const w = kernel.wasm;
  const stride = w.resultStride();
  const out: ReferenceResult[] = [];
  for (let r = 0; r < w.resultCount(); r++) {
    const f64 = kernel.views().f64;
    const at = (w.resultsPtr() >> 3) + r * stride;
    out.push({
      key: kernel.keyBytes(f64[at]!).toString('utf8'),
      start: f64[at + 1]!,
      end: f64[at + 2]!,
      count: f64[at + 3]!,
      accs: Array.from(f64.subarray(at + RESULT_HEADER_F64, at + stride - (tagged ? RESULT_TAG_F64 + (session ? 1 : 0) : 0))),
      ...(tagged ? { emit: EMIT_KINDS[f64[at + stride - 2]!]!, revision: f64[at + stride - 1]! } : {}),
      ...(tagged && session ? { supersedes: Number.isNaN(f64[at + stride - 3]!) ? [] : [f64[at + stride - 3]!] } : {}),
    });
  }
  return out;
}

/**
 * Runs `batches` through a fresh debug kernel, the last batch with drain. Late events come back with
 * their index among the events (rows with an OK status) of the whole run, as the reference numbers them.
 */
export function runKernelWindows(job: ResolvedJob, batches: readonly (readonly BatchRow[])[]): KernelWindowRun {
  const kernel = new PartitionKernel(job, 'debug');
  const valueCount = job.valueFields.length;
  const results: ReferenceResult[] = [];
  const late: ReferenceLate[] = [];
  const emittedIn: number[] = [];
  const watermarks: number[] = [];
  const refused: ReferenceRefusal[] = [];
  let eventsBefore = 0;
  batches.forEach((rows, b) => {
    writeBatch(kernel, valueCount, rows);
    kernel.process(rows.length, b === batches.length - 1);
    const batchResults = readResults(kernel, job.emission !== undefined, job.window?.kind === 'session');
    results.push(...batchResults);
    emittedIn.push(...batchResults.map(() => b));
    watermarks.push(kernel.wasm.currentWatermark());
    // Batch row → index among the run's events.
    const eventIndex: number[] = [];
    let e = eventsBefore;
    for (const row of rows) eventIndex.push('event' in row ? e++ : -1);
    for (const l of kernel.lateEvents()) {
      late.push({ index: eventIndex[l.index]!, start: l.start, end: l.end, watermark: l.watermark });
    }
    rows.forEach((_, i) => {
      const s = kernel.status(i);
      if (s === STATUS_KEY_LIMIT || s === STATUS_WINDOW_LIMIT) refused.push({ index: eventIndex[i]!, limit: s === STATUS_KEY_LIMIT ? 'maxKeys' : 'maxOpenWindows' });
    });
    eventsBefore = e;
  });
  return { results, late, emittedIn, watermarks, refused };
}

/** Just what the reference also computes: the results and the late events. */
export function outputs(run: KernelWindowRun): { results: ReferenceResult[]; late: ReferenceLate[] } {
  return { results: run.results, late: run.late };
}

/** Every event in one batch followed by end of input; results and late events. */
export function runOneBatch(job: ResolvedJob, events: readonly ReferenceEvent[]): { results: ReferenceResult[]; late: ReferenceLate[] } {
  return outputs(runKernelWindows(job, [events.map((event) => ({ event }))]));
}

/** An event with a single value (the common shape of hand-drawn tests). */
export function ev(key: string, time: number, value = 1): ReferenceEvent {
  return { key, time, values: [value] };
}
