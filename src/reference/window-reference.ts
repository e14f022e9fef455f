// The windowing semantics, written to be obviously right rather than fast: the oracle that the
// WASM kernels are tested against, and the "without WASM" side of the kernel benchmarks.
//
// An event is late when its window's end is ≤ the watermark left by the events before it
// (watermark = largest event time so far − out-of-orderness). Results come out in the order the
// kernel closes windows: by window end, then start, then the key's first event in that window.

import type { ResolvedJob } from '../job/resolved-job.js';

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
}

export interface ReferenceLate {
  /** Index of the event in the input sequence. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly watermark: number;
}

export type WindowingConfig = Pick<ResolvedJob, 'window' | 'outOfOrdernessMs' | 'accumulators'>;

export function tumblingStart(t: number, sizeMs: number, offsetMs: number): number {
  const r = (((t - offsetMs) % sizeMs) + sizeMs) % sizeMs;
  return t - r;
}

/** All results and late events of the whole input, as if it were one batch followed by end of input. */
export function referenceWindows(
  job: WindowingConfig,
  events: readonly ReferenceEvent[],
  options: { withEvents?: boolean } = {},
): { results: ReferenceResult[]; late: ReferenceLate[] } {
  const { sizeMs, offsetMs } = job.window;
  let watermark = -Infinity;
  let maxTime = -Infinity;
  const late: ReferenceLate[] = [];
  // Window → keys in order of their first event in it → events (time, values) in input order.
  const windows = new Map<number, Map<string, ReferenceEvent[]>>();
  events.forEach((e, index) => {
    const start = tumblingStart(e.time, sizeMs, offsetMs);
    const end = start + sizeMs;
    if (end <= watermark) {
      late.push({ index, start, end, watermark });
      return;
    }
    let keys = windows.get(start);
    if (!keys) windows.set(start, (keys = new Map()));
    let rows = keys.get(e.key);
    if (!rows) keys.set(e.key, (rows = []));
    rows.push(e);
    if (e.time > maxTime) {
      maxTime = e.time;
      watermark = maxTime - job.outOfOrdernessMs;
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
  return { results, late };
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
