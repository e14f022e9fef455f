// Allowed lateness and emit modes for tumbling and hopping windows (DESIGN.md, "Lateness and
// emission"), written to be obviously right rather than fast: the oracle of
// assembly/window-revisions.ts. Maps of panes, arrays of events, a map of revisions; every result's
// words folded from the panes again.
//
//   size 10, allowedLateness 5:  a@3 a@12 → [0,10) final rev 0;  a@4 → [0,10) late rev 1 (count 2)
//                                a@17 → [0,10) freed;            a@5 → late stream, lateness 7 − 0 … (wm 17 − end 10)

import { alignedWindowOf } from '../job/resolved-job.js';
import type { EmitKind, ResolvedEmission } from '../job/emission.js';
import { accumulatorWords, mergeAccumulatorWords, tumblingStart, withRefusals, type ReferenceEvent, type ReferenceLate, type ReferenceOutput, type ReferenceResult, type WindowingConfig } from './window-reference.js';
import { StateLimitCounts } from './state-limit-reference.js';

/**
 * Every result and late event of the input, as if it were one batch followed by end of input, for
 * a tumbling or hopping job with `emission`. Event by event:
 *   1. late when its pane's last window ended allowedLateness or more ago (pane + size +
 *      allowedLateness ≤ watermark): the late list;
 *   2. folded into its pane; the clock moves from w0 to w1;
 *   3. if it moved: `final` for every window with data ending in (w0, w1], then (early) `early` for
 *      every window with data ending after w1 with a firing point start + k·interval in (w0, w1] and
 *      before its end — both by end, keys by earliest pane in the window, then arrival in that
 *      pane — then panes with pane + size + allowedLateness ≤ w1 are dropped;
 *   4. the event's own windows by end: `late` for those ending at or before the watermark and less
 *      than allowedLateness ago; (update) `update` for those still open.
 * A result's revision is the number of results written before for its (window, key).
 */
export function referenceRevisions(
  job: WindowingConfig,
  emission: ResolvedEmission,
  events: readonly ReferenceEvent[],
  options: { withEvents?: boolean } = {},
): ReferenceOutput {
  const { sizeMs: S, slideMs: P, offsetMs } = alignedWindowOf(job);
  const limits = new StateLimitCounts(job);
  const L = emission.allowedLatenessMs;
  /** Pane start → key → its events there, keys in order of first arrival. */
  const panes = new Map<number, Map<string, ReferenceEvent[]>>();
  const revisions = new Map<string, number>();
  const results: ReferenceResult[] = [];
  const late: ReferenceLate[] = [];
  let watermark = -Infinity;
  let maxTime = -Infinity;

  type Part = { words: number[]; n: number };
  const merge = (a: Part, b: Part): Part => ({ words: mergeAccumulatorWords(job, a.words, b.words, a.n, b.n), n: a.n + b.n });
  const paneWords = (rows: readonly ReferenceEvent[]): Part => ({
    words: job.accumulators.flatMap((a) => accumulatorWords(a.kind, rows.map((r) => ({ t: r.time, v: r.values[a.value]! })))),
    n: rows.length,
  });
  const paneStartsIn = (e: number): number[] => [...panes.keys()].filter((p) => p >= e - S && p < e).sort((a, b) => a - b);

  const emit = (e: number, key: string, emit: EmitKind): void => {
    const id = `${e}|${key}`;
    const revision = revisions.get(id) ?? 0;
    revisions.set(id, revision + 1);
    // The grouping of pane-blocks.ts: the tail [e − S, G) right-folded, the head [G, e) left-folded.
    const cut = tumblingStart(e - 1, S, offsetMs);
    const keyPanes = paneStartsIn(e).filter((p) => panes.get(p)!.has(key));
    const parts = (from: number, to: number): Part[] => keyPanes.filter((q) => q >= from && q < to).map((q) => paneWords(panes.get(q)!.get(key)!));
    const tail = parts(e - S, cut).reduceRight<Part | undefined>((later, part) => (later ? merge(part, later) : part), undefined);
    const head = parts(cut, e).reduce<Part | undefined>((earlier, part) => (earlier ? merge(earlier, part) : part), undefined);
    const whole = tail && head ? merge(tail, head) : (tail ?? head)!;
    const result = { key, start: e - S, end: e, count: whole.n, accs: whole.words, emit, revision };
    results.push(options.withEvents ? { ...result, events: keyPanes.flatMap((q) => panes.get(q)!.get(key)!) } : result);
  };
  const emitWindow = (e: number, kind: EmitKind): void => {
    const keys = new Set<string>();
    for (const p of paneStartsIn(e)) for (const key of panes.get(p)!.keys()) keys.add(key);
    for (const key of keys) emit(e, key, kind);
  };
  /** Ends in (lo, hi] of the windows holding at least one pane, ascending. */
  const endsWithData = (lo: number, hi: number): number[] => {
    const ends = new Set<number>();
    for (const p of panes.keys()) for (let e = p + P; e <= p + S; e += P) if (e > lo && e <= hi) ends.add(e);
    return [...ends].sort((a, b) => a - b);
  };
  const firstFiringAfter = (start: number, x: number): number => {
    let f = start + emission.earlyMs;
    while (f <= x) f += emission.earlyMs;
    return f;
  };
  const moved = (w0: number, w1: number): void => {
    for (const e of endsWithData(w0, w1)) emitWindow(e, 'final');
    if (emission.mode === 'early') {
      for (const e of endsWithData(w1, Infinity)) {
        const f = firstFiringAfter(e - S, w0);
        if (f <= w1 && f < e) emitWindow(e, 'early');
      }
    }
    for (const p of [...panes.keys()]) {
      if (p + S + L > w1) continue;
      for (const key of panes.get(p)!.keys()) limits.closed(key);
      panes.delete(p);
    }
  };

  events.forEach((ev, index) => {
    const pane = tumblingStart(ev.time, P, offsetMs);
    if (pane + S + L <= watermark) {
      late.push({ index, start: pane, end: pane + S, watermark });
      return;
    }
    let keys = panes.get(pane);
    if (!keys?.has(ev.key)) {
      if (limits.refuses(index, ev.key)) return;
      limits.opened(ev.key);
    }
    if (!keys) panes.set(pane, (keys = new Map()));
    let rows = keys.get(ev.key);
    if (!rows) keys.set(ev.key, (rows = []));
    rows.push(ev);
    const w0 = watermark;
    if (ev.time > maxTime) {
      maxTime = ev.time;
      watermark = Math.max(watermark, maxTime - job.outOfOrdernessMs);
    }
    if (watermark > w0) moved(w0, watermark);
    for (let e = pane + P; e <= pane + S; e += P) {
      if (e <= watermark) {
        if (e + L > watermark) emit(e, ev.key, 'late');
      } else if (emission.mode === 'update') emit(e, ev.key, 'update');
    }
  });
  const w0 = watermark;
  watermark = Infinity;
  moved(w0, watermark);
  return withRefusals({ results, late }, limits);
}
