// Rolling per-event windows, written to be obviously right rather than fast: the oracle of
// assembly/rolling-windows.ts. Sort, group, compute: every rule of DESIGN.md ("Rolling windows")
// appears once, and every result is folded from its rows again.
//
//   last 10, ooo 5:  a@3 a@8 a@12 a@20 → results a@3 [−7, 3] {3}, a@8 [−2, 8] {3, 8},
//                                         a@12 [2, 12] {3, 8, 12}, a@20 [10, 20] {12, 20}

import { windowOf } from '../job/resolved-job.js';
import {
  accumulatorWords, mergeAccumulatorWords, tumblingStart, type ReferenceEvent, type ReferenceLate, type ReferenceResult, type WindowingConfig,
} from './window-reference.js';

interface Row {
  readonly event: ReferenceEvent;
  /** Arrival order among accepted events: the tie-break of equal times. */
  readonly seq: number;
}

/**
 * Every result and late event of the input, as if it were one batch followed by end of input.
 * Event by event: an event before the watermark is late; any other waits until the watermark
 * passes its time, and then every waiting row before the watermark is released in (time, arrival)
 * order and gets its result.
 */
export function referenceRolling(job: WindowingConfig, events: readonly ReferenceEvent[]): { results: ReferenceResult[]; late: ReferenceLate[] } {
  const window = windowOf(job);
  if (window.kind !== 'rolling') throw new Error('referenceRolling needs a rolling window');
  const span = window.spanMs;
  const maxRows = window.maxRows ?? Infinity;
  const results: ReferenceResult[] = [];
  const late: ReferenceLate[] = [];
  let waiting: Row[] = [];
  /** Per key: its released rows, in release order. */
  const released = new Map<string, ReferenceEvent[]>();
  let watermark = -Infinity;
  let maxTime = -Infinity;
  let seq = 0;

  const release = (): void => {
    const due = waiting.filter((r) => r.event.time < watermark).sort((a, b) => a.event.time - b.event.time || a.seq - b.seq);
    waiting = waiting.filter((r) => !(r.event.time < watermark));
    for (const { event } of due) {
      let rows = released.get(event.key);
      if (!rows) released.set(event.key, (rows = []));
      rows.push(event);
      results.push(rollingResult(job, rows, span, maxRows));
    }
  };

  events.forEach((e, index) => {
    if (e.time < watermark) {
      late.push({ index, start: e.time - span, end: e.time, watermark });
      return;
    }
    waiting.push({ event: e, seq: seq++ });
    if (e.time > maxTime) {
      maxTime = e.time;
      watermark = Math.max(watermark, maxTime - job.outOfOrdernessMs);
    }
    release();
  });
  watermark = Infinity;
  release();
  return { results, late };
}

/**
 * The result of the newest of a key's released rows. Its window: the rows at or after t − span, at
 * most maxRows of them (the newest). Its words: tail ⊕ head, cut where the row's block begins —
 * blocks are the span grid in time and, within a time block, runs of maxRows rows; the head is the
 * left fold of the window's rows from the cut, the tail the right fold of those before it.
 */
function rollingResult(job: WindowingConfig, rows: readonly ReferenceEvent[], span: number, maxRows: number): ReferenceResult {
  const k = rows.length - 1;
  const t = rows[k]!.time;
  const timeBlock = (r: ReferenceEvent): number => tumblingStart(r.time, span, 0);
  // The row's block: its time block's rows so far, cut every maxRows.
  let blockStart = k;
  while (blockStart > 0 && timeBlock(rows[blockStart - 1]!) === timeBlock(rows[k]!)) blockStart--;
  const cut = maxRows === Infinity ? blockStart : blockStart + Math.floor((k - blockStart) / maxRows) * maxRows;
  let lo = 0;
  while (rows[lo]!.time < t - span || k + 1 - lo > maxRows) lo++;
  // The block's rows are within span of t (its time block starts after t − span) and fewer than
  // maxRows: always in the window. The kernel relies on it.
  if (lo > cut) throw new Error(`rolling window of ${t} excludes rows of its own block; times ${rows.map((r) => r.time).join(', ')}`);

  type Part = { words: number[]; n: number };
  const words = (rs: readonly ReferenceEvent[]): Part => ({
    words: job.accumulators.flatMap((a) => accumulatorWords(a.kind, rs.map((r) => ({ t: r.time, v: r.values[a.value]! })))),
    n: rs.length,
  });
  const merge = (a: Part, b: Part): Part => ({ words: mergeAccumulatorWords(job, a.words, b.words, a.n, b.n), n: a.n + b.n });
  const head = words(rows.slice(cut, k + 1));
  const tail = rows.slice(lo, cut).reduceRight<Part | undefined>((later, r) => (later ? merge(words([r]), later) : words([r])), undefined);
  const whole = tail ? merge(tail, head) : head;
  return { key: rows[k]!.key, start: t - span, end: t, count: whole.n, accs: whole.words };
}
