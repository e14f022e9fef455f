// The windowing semantics, written to be obviously right rather than fast: the oracle that the
// WASM kernels are tested against, and the "without WASM" side of the kernel benchmarks.
//
// An event is late when its window's end is ≤ the watermark left by the events before it
// (watermark = largest event time so far − out-of-orderness). Results come out in the order the
// kernel closes windows: by window end, then start, then the key's first event in that window.
// Session windows: session-reference.ts; rolling windows: rolling-reference.ts; allowed lateness and
// emit modes: revision-reference.ts.

import { alignedWindowOf, windowOf, type ResolvedJob } from '../job/resolved-job.js';
import { referenceSessions } from './session-reference.js';
import { referenceSessionRevisions } from './session-revision-reference.js';
import { referenceRevisions } from './revision-reference.js';
import { referenceRolling } from './rolling-reference.js';
import type { EmitKind } from '../job/emission.js';
import { StateLimitCounts, type ReferenceRefusal, type StateLimitConfig } from './state-limit-reference.js';

export interface ReferenceEvent {
  readonly key: string;
  readonly time: number;
  readonly values: readonly number[];
  /** Item fields' bytes, for distinct counts and top-k (undefined: the entry has no such field). */
  readonly items?: readonly (Buffer | undefined)[];
}

export interface ReferenceResult {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly count: number;
  /** Accumulator words in the job's accumulator order (as in the kernel's result records); NaN for a sketch's address. */
  readonly accs: readonly number[];
  /** The window's events in input order (with `{ withEvents: true }`), for outputs computed from all of them (sketches). */
  readonly events?: readonly ReferenceEvent[];
  /** With allowed lateness or an emit mode (job.emission): what the result is, and how many came before it for its window and key. */
  readonly emit?: EmitKind;
  readonly revision?: number;
  /** Session windows with job.emission: the starts of the key's earlier results this one replaces (merged or moved sessions), ascending. */
  readonly supersedes?: readonly number[];
}

export interface ReferenceLate {
  /** Index of the event in the input sequence. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly watermark: number;
}

export type WindowingConfig = Pick<ResolvedJob, 'window' | 'outOfOrdernessMs' | 'accumulators' | 'emission'> & StateLimitConfig;

/** What a reference run of the whole input produces; `refused` (state limits) only when some event was refused. */
export interface ReferenceOutput {
  readonly results: ReferenceResult[];
  readonly late: ReferenceLate[];
  readonly refused?: ReferenceRefusal[];
}

/** The output with the limits' refusals, present only when there were some (so runs without limits compare as before). */
export function withRefusals(out: { results: ReferenceResult[]; late: ReferenceLate[] }, limits: StateLimitCounts): ReferenceOutput {
  return limits.refused.length > 0 ? { ...out, refused: limits.refused } : out;
}

export function tumblingStart(t: number, sizeMs: number, offsetMs: number): number {
  const r = (((t - offsetMs) % sizeMs) + sizeMs) % sizeMs;
  return t - r;
}

/** All results and late events of the whole input, as if it were one batch followed by end of input. */
export function referenceWindows(
  job: WindowingConfig,
  events: readonly ReferenceEvent[],
  options: { withEvents?: boolean } = {},
): ReferenceOutput {
  const window = windowOf(job);
  if (window.kind === 'session') return job.emission ? referenceSessionRevisions(job, job.emission, events, options) : referenceSessions(job, events, options);
  if (window.kind === 'rolling') return referenceRolling(job, events);
  if (job.emission) return referenceRevisions(job, job.emission, events, options);
  if (window.kind === 'hopping') return referenceHopping(job, events, options);
  const { sizeMs, offsetMs } = window;
  let watermark = -Infinity;
  let maxTime = -Infinity;
  const late: ReferenceLate[] = [];
  // Window → keys in order of their first event in it → events (time, values) in input order.
  const windows = new Map<number, Map<string, ReferenceEvent[]>>();
  // Windows not closed yet (their end > watermark), for the state limits: a window closes at the
  // event whose time moves the watermark to its end.
  const limits = new StateLimitCounts(job);
  const open = new Map<number, Set<string>>();
  events.forEach((e, index) => {
    const start = tumblingStart(e.time, sizeMs, offsetMs);
    const end = start + sizeMs;
    if (end <= watermark) {
      late.push({ index, start, end, watermark });
      return;
    }
    let keys = windows.get(start);
    if (!keys?.has(e.key)) {
      if (limits.refuses(index, e.key)) return;
      limits.opened(e.key);
      if (!open.has(start)) open.set(start, new Set());
      open.get(start)!.add(e.key);
    }
    if (!keys) windows.set(start, (keys = new Map()));
    let rows = keys.get(e.key);
    if (!rows) keys.set(e.key, (rows = []));
    rows.push(e);
    if (e.time > maxTime) {
      maxTime = e.time;
      watermark = maxTime - job.outOfOrdernessMs;
    }
    for (const [s, ks] of open) {
      if (s + sizeMs > watermark) continue;
      for (const k of ks) limits.closed(k);
      open.delete(s);
    }
  });
  const results: ReferenceResult[] = [];
  for (const start of [...windows.keys()].sort((a, b) => a - b)) {
    for (const [key, rows] of windows.get(start)!) {
      const accs = job.accumulators.flatMap((a) => accumulatorWords(a.kind, rows.map((r) => ({ t: r.time, v: r.values[a.value]! }))));
      const result = { key, start, end: start + sizeMs, count: rows.length, accs };
      results.push(options.withEvents ? { ...result, events: rows } : result);
    }
  }
  return withRefusals({ results, late }, limits);
}

/** An accumulator's words over a window's events in input order, written the plain way (sketch kinds: NaN). */
export function accumulatorWords(kind: WindowingConfig['accumulators'][number]['kind'], xs: readonly { t: number; v: number }[]): number[] {
  switch (kind) {
    case 'quantiles':
    case 'distinct':
    case 'topK':
      return [NaN];
    case 'sum':
      return [xs.reduce((s, x) => s + x.v, 0)];
    case 'min':
      return [xs.reduce((m, x) => (x.v < m ? x.v : m), Infinity)];
    case 'max':
      return [xs.reduce((m, x) => (x.v > m ? x.v : m), -Infinity)];
    case 'first': {
      let best = { t: Infinity, v: NaN };
      for (const x of xs) if (x.t < best.t) best = x;
      return [best.t, best.v];
    }
    case 'last': {
      let best = { t: -Infinity, v: NaN };
      for (const x of xs) if (x.t >= best.t) best = x;
      return [best.t, best.v];
    }
    case 'moments': {
      // Welford on values shifted by the first one, in input order: the operations the kernel
      // performs, so the words are equal. (The plain two-pass variance is in the accuracy test.)
      const shift = xs[0]?.v ?? 0;
      let mean = 0;
      let m2 = 0;
      xs.forEach((x, i) => {
        const y = x.v - shift;
        const delta = y - mean;
        mean += delta / (i + 1);
        m2 += delta * (y - mean);
      });
      return [shift, mean, m2];
    }
  }
}

/**
 * Hopping windows, simulated event by event: events fold into slide-sized panes (late when the last
 * window containing the pane has closed); after each event, every window the watermark has passed is
 * emitted from its panes *as they are at that moment* — later events in a pane do not reach windows
 * already closed. Keys come by earliest pane, then first arrival within it.
 *
 * A window's words are its panes' merged in one fixed grouping (sums and moments are not associative
 * in floating point, so the grouping is part of the result): the window [e − size, e) holds one start
 * G of the tumbling windows of the same size and offset, which cuts it into a tail [e − size, G) and
 * a head [G, e). The tail is the right fold of its panes, p1 ⊕ (p2 ⊕ (… ⊕ pk)); the head the left
 * fold, ((q1 ⊕ q2) ⊕ …) ⊕ qm; the window tail ⊕ head (either alone when the other has no pane).
 */
function referenceHopping(
  job: WindowingConfig,
  events: readonly ReferenceEvent[],
  options: { withEvents?: boolean },
): ReferenceOutput {
  const { sizeMs, slideMs, offsetMs } = alignedWindowOf(job);
  const limits = new StateLimitCounts(job);
  const panes = new Map<number, Map<string, ReferenceEvent[]>>();
  const results: ReferenceResult[] = [];
  const late: ReferenceLate[] = [];
  let watermark = -Infinity;
  let maxTime = -Infinity;
  let lastEnd = -Infinity;
  type Part = { words: number[]; n: number };
  const merge = (a: Part, b: Part): Part => ({ words: mergeAccumulatorWords(job, a.words, b.words, a.n, b.n), n: a.n + b.n });
  const paneWords = (rows: readonly ReferenceEvent[]): Part => ({
    words: job.accumulators.flatMap((a) => accumulatorWords(a.kind, rows.map((r) => ({ t: r.time, v: r.values[a.value]! })))),
    n: rows.length,
  });
  const close = (): void => {
    for (;;) {
      const starts = [...panes.keys()].sort((a, b) => a - b);
      if (starts.length === 0) return;
      // Window ends lie on the slide grid; skip ends no pane reaches.
      let end = Math.max(lastEnd + slideMs, starts[0]! + slideMs);
      const inRange = starts.filter((p) => p >= end - sizeMs);
      if (inRange.length === 0) return;
      if (inRange[0]! >= end) end = inRange[0]! + slideMs;
      if (end > watermark) return;
      const cut = tumblingStart(end - 1, sizeMs, offsetMs);
      const seen = new Set<string>();
      for (const p of starts.filter((q) => q >= end - sizeMs && q < end)) {
        for (const key of panes.get(p)!.keys()) {
          if (seen.has(key)) continue;
          seen.add(key);
          const keyPanes = starts.filter((q) => q >= p && q < end && panes.get(q)!.has(key));
          const parts = (from: number, to: number): Part[] => keyPanes.filter((q) => q >= from && q < to).map((q) => paneWords(panes.get(q)!.get(key)!));
          const tail = parts(end - sizeMs, cut).reduceRight<Part | undefined>((later, part) => (later ? merge(part, later) : part), undefined);
          const head = parts(cut, end).reduce<Part | undefined>((earlier, part) => (earlier ? merge(earlier, part) : part), undefined);
          const whole = tail && head ? merge(tail, head) : (tail ?? head)!;
          const result = { key, start: end - sizeMs, end, count: whole.n, accs: whole.words };
          results.push(options.withEvents ? { ...result, events: keyPanes.flatMap((q) => panes.get(q)!.get(key)!) } : result);
        }
      }
      lastEnd = end;
      for (const p of starts) {
        if (p >= end - sizeMs + slideMs) continue;
        for (const key of panes.get(p)!.keys()) limits.closed(key);
        panes.delete(p);
      }
    }
  };
  events.forEach((e, index) => {
    const pane = tumblingStart(e.time, slideMs, offsetMs);
    if (pane + sizeMs <= watermark) {
      late.push({ index, start: pane, end: pane + sizeMs, watermark });
      return;
    }
    let keys = panes.get(pane);
    if (!keys?.has(e.key)) {
      if (limits.refuses(index, e.key)) return;
      limits.opened(e.key);
    }
    if (!keys) panes.set(pane, (keys = new Map()));
    let rows = keys.get(e.key);
    if (!rows) keys.set(e.key, (rows = []));
    rows.push(e);
    if (e.time > maxTime) {
      maxTime = e.time;
      watermark = Math.max(watermark, maxTime - job.outOfOrdernessMs);
    }
    close();
  });
  watermark = Infinity;
  close();
  return withRefusals({ results, late }, limits);
}

/** The merge of two parts' words, operation for operation as the kernel's mergeAccs does it. */
export function mergeAccumulatorWords(job: WindowingConfig, into: readonly number[], from: readonly number[], nInto: number, nFrom: number): number[] {
  const out = [...into];
  if (nFrom === 0) return out;
  for (const a of job.accumulators) {
    const w = a.word;
    switch (a.kind) {
      case 'sum': out[w] = out[w]! + from[w]!; break;
      case 'min': if (from[w]! < out[w]!) out[w] = from[w]!; break;
      case 'max': if (from[w]! > out[w]!) out[w] = from[w]!; break;
      case 'first': if (from[w]! < out[w]!) { out[w] = from[w]!; out[w + 1] = from[w + 1]!; } break;
      case 'last': if (from[w]! >= out[w]!) { out[w] = from[w]!; out[w + 1] = from[w + 1]!; } break;
      case 'moments': {
        if (nInto === 0) { out[w] = from[w]!; out[w + 1] = from[w + 1]!; out[w + 2] = from[w + 2]!; break; }
        const n = nInto + nFrom;
        const meanB = from[w + 1]! + (from[w]! - out[w]!);
        const meanA = out[w + 1]!;
        const delta = meanB - meanA;
        out[w + 1] = meanA + (delta * nFrom) / n;
        out[w + 2] = out[w + 2]! + from[w + 2]! + (delta * delta * nInto * nFrom) / n;
        break;
      }
      default: break;
    }
  }
  return out;
}
