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
}

export interface ReferenceResult {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly count: number;
  /** Accumulator values in the job's accumulator order. */
  readonly accs: readonly number[];
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
export function referenceWindows(job: WindowingConfig, events: readonly ReferenceEvent[]): { results: ReferenceResult[]; late: ReferenceLate[] } {
  const { sizeMs, offsetMs } = job.window;
  let watermark = -Infinity;
  let maxTime = -Infinity;
  const late: ReferenceLate[] = [];
  // Window → keys in order of their first event in it → events' values in input order.
  const windows = new Map<number, Map<string, (readonly number[])[]>>();
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
    rows.push(e.values);
    if (e.time > maxTime) {
      maxTime = e.time;
      watermark = maxTime - job.outOfOrdernessMs;
    }
  });
  const results: ReferenceResult[] = [];
  for (const start of [...windows.keys()].sort((a, b) => a - b)) {
    for (const [key, rows] of windows.get(start)!) {
      const accs = job.accumulators.map((a) => {
        const xs = rows.map((r) => r[a.value]!);
        if (a.kind === 'sum') return xs.reduce((s, x) => s + x, 0);
        if (a.kind === 'min') return xs.reduce((m, x) => (x < m ? x : m), Infinity);
        return xs.reduce((m, x) => (x > m ? x : m), -Infinity);
      });
      results.push({ key, start, end: start + sizeMs, count: rows.length, accs });
    }
  }
  return { results, late };
}
