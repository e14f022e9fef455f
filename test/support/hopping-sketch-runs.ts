// Hopping jobs with a quantile and a distinct count, run through the debug kernel in batches, and
// what each result's sketches answer, read before the next batch frees them; and the same answers
// from one fresh sketch of each window's events (the reference's), made in another kernel instance.

import { resolveJob } from '../../src/job/resolve-job.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { PartitionKernel, QUANTILE_MAX_BINS } from '../../src/wasm/partition-kernel.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { ddsketchExports, type DdsketchExports } from '../../src/wasm/ddsketch-exports.js';
import { hyperLogLogExports, hllRegisterCopy, type HyperLogLogExports } from '../../src/wasm/hyperloglog-exports.js';
import { hash64Exports } from '../../src/wasm/hash64-exports.js';
import { definitionWith } from './test-jobs.js';
import { readResults, writeBatch, type BatchRow } from './window-batches.js';

/** Ranks every result's quantile sketch is read at. */
export const RANKS = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1] as const;
const PRECISION = 6;

export interface HoppingSketchShape {
  readonly slideMs: number;
  readonly panes: number;
  readonly offsetMs: number;
  readonly outOfOrdernessMs: number;
}

/** A result as these tests compare it: its window, count, max, and what its sketches answer. */
export interface SketchAnswer {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly count: number;
  readonly max: number;
  readonly quantiles: number[];
  readonly registers: number[];
}

/** count, max v0, a quantile of v0 and a distinct count of item `user` over hopping(slide × panes, slide). */
export function hoppingSketchJob(w: HoppingSketchShape, batchSize: number): ResolvedJob {
  return resolveJob(
    definitionWith({
      time: 'ts',
      values: { v0: 'v0' },
      window: { kind: 'hopping', size: w.slideMs * w.panes, slide: w.slideMs, offset: w.offsetMs },
      outOfOrderness: w.outOfOrdernessMs,
      aggregates: {
        n: { kind: 'count' },
        p: { kind: 'quantile', value: 'v0', q: 0.5 },
        u: { kind: 'distinct', field: 'user', precision: PRECISION },
        mx: { kind: 'max', value: 'v0' },
      },
      batchSize,
    }),
  );
}

/** Event i's `user` item: a few dozen users, and now and then none (not counted). */
export function withUser(e: ReferenceEvent, i: number): ReferenceEvent {
  return { ...e, items: [i % 13 === 5 ? undefined : Buffer.from(`user-${(i * 7) % 37}`)] };
}

function wordOf(job: ResolvedJob, kind: 'quantiles' | 'distinct' | 'max'): number {
  const a = job.accumulators.find((x) => x.kind === kind);
  if (a === undefined) throw new Error(`the job has no ${kind} accumulator`);
  return a.word;
}

/**
 * 0 for −0: a sketch fed −0 then 0 keeps −0 as its max (ddsAdd compares with >), a merge of a
 * sketch of −0 with one of 0 keeps 0 (f64.max). Merging panes always did that, folded or not; the
 * sign of a zero is the one thing a merge does not keep.
 */
function unsignedZero(x: number): number {
  return x === 0 ? 0 : x;
}

function answerOf(r: { key: string; start: number; end: number; count: number; accs: readonly number[] }, job: ResolvedJob, dds: DdsketchExports, hll: HyperLogLogExports): SketchAnswer {
  const q = r.accs[wordOf(job, 'quantiles')]!;
  const u = r.accs[wordOf(job, 'distinct')]!;
  return {
    key: r.key,
    start: r.start,
    end: r.end,
    count: r.count,
    max: r.accs[wordOf(job, 'max')]!,
    quantiles: [dds.ddsCount(q), dds.ddsMin(q), dds.ddsMax(q), ...RANKS.map((x) => dds.ddsQuantile(q, x))].map(unsignedZero),
    registers: Array.from(hllRegisterCopy(hll, u)),
  };
}

/** Writes the `user` item of each row (after writeBatch wrote the rest). */
export function writeItems(kernel: PartitionKernel, rows: readonly BatchRow[]): void {
  // Item copies live until the next reply is decoded (host-items.ts): decoding an empty one frees
  // the last batch's, as the runner's next read would.
  kernel.wasm.decodeReply(0, 0);
  rows.forEach((row, i) => {
    if ('event' in row) kernel.writeItems(i, row.event.items);
  });
}

/** Every result of the batches (the last one drains), its sketches read right after its batch. */
export function kernelSketchAnswers(job: ResolvedJob, batches: readonly (readonly BatchRow[])[]): SketchAnswer[] {
  const kernel = new PartitionKernel(job, 'debug');
  const dds = ddsketchExports(kernel.wasm);
  const hll = hyperLogLogExports(kernel.wasm);
  const out: SketchAnswer[] = [];
  batches.forEach((rows, b) => {
    writeBatch(kernel, 1, rows);
    writeItems(kernel, rows);
    kernel.process(rows.length, b === batches.length - 1);
    for (const r of readResults(kernel)) out.push(answerOf(r, job, dds, hll));
  });
  return out;
}

/** The reference's results, each one's sketches made fresh from its window's events. */
export function referenceSketchAnswers(job: ResolvedJob, events: readonly ReferenceEvent[]): SketchAnswer[] {
  const k = instantiateKernel('debug');
  const dds = ddsketchExports(k);
  const hll = hyperLogLogExports(k);
  const hash = hash64Exports(k);
  const alpha = job.accumulators.find((x) => x.kind === 'quantiles')!.param!;
  return referenceWindows(job, events, { withEvents: true }).results.map((r) => {
    const q = dds.ddsCreate(alpha, QUANTILE_MAX_BINS);
    const u = hll.hllCreate(PRECISION);
    for (const e of r.events!) {
      dds.ddsAdd(q, e.values[0]!);
      const item = e.items?.[0];
      if (item === undefined) continue;
      const p = k.reserveScratch(Math.max(1, item.length));
      new Uint8Array(hash.memory.buffer, p, item.length).set(item);
      hll.hllAddHash(u, hash.hash64(p, item.length));
    }
    const accs = [...r.accs];
    accs[wordOf(job, 'quantiles')] = q;
    accs[wordOf(job, 'distinct')] = u;
    const answer = answerOf({ ...r, accs }, job, dds, hll);
    dds.ddsFree(q);
    hll.hllFree(u);
    return answer;
  });
}
