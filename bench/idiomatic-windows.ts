// The "idiomatic JavaScript" contender of the kernel benchmarks: what a Node developer writes
// first — a Map from string key to a Map from window start to an accumulator object — with the
// same semantics as the kernel (tumbling windows, watermark = max time − out-of-orderness, late
// events set aside, windows closed when the watermark passes their end, all closed at the end).

import type { ReferenceEvent } from '../src/reference/window-reference.js';

/** One closed window of one key. */
export interface IdiomaticResult {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

interface Accumulator {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** Windows the events in batches of `batchSize`, closing after each batch; returns every result and the late count. */
export function idiomaticWindows(
  events: readonly ReferenceEvent[],
  sizeMs: number,
  outOfOrdernessMs: number,
  batchSize = 1000,
): { results: IdiomaticResult[]; late: number } {
  const windows = new Map<string, Map<number, Accumulator>>();
  const results: IdiomaticResult[] = [];
  let late = 0;
  let maxTime = -Infinity;
  let watermark = -Infinity;
  let closedBefore = -Infinity;
  const close = (wm: number): void => {
    for (const [key, byStart] of windows) {
      for (const [start, a] of byStart) {
        if (start + sizeMs > wm) continue;
        results.push({ key, start, end: start + sizeMs, count: a.count, sum: a.sum, min: a.min, max: a.max });
        byStart.delete(start);
      }
      if (byStart.size === 0) windows.delete(key);
    }
  };
  for (let b = 0; b < events.length; b += batchSize) {
    const end = Math.min(events.length, b + batchSize);
    for (let i = b; i < end; i++) {
      const e = events[i]!;
      const start = e.time - (((e.time % sizeMs) + sizeMs) % sizeMs);
      if (start + sizeMs <= watermark) {
        late++;
        continue;
      }
      const v = e.values[0]!;
      let byStart = windows.get(e.key);
      if (!byStart) windows.set(e.key, (byStart = new Map()));
      const a = byStart.get(start);
      if (a) {
        a.count++;
        a.sum += v;
        if (v < a.min) a.min = v;
        if (v > a.max) a.max = v;
      } else byStart.set(start, { count: 1, sum: v, min: v, max: v });
      if (e.time > maxTime) {
        maxTime = e.time;
        watermark = maxTime - outOfOrdernessMs;
      }
    }
    // Aligned windows can only close when the watermark crosses a window boundary.
    const boundary = Math.floor(watermark / sizeMs) * sizeMs;
    if (boundary > closedBefore) {
      close(watermark);
      closedBefore = boundary;
    }
  }
  close(Infinity);
  return { results, late };
}
