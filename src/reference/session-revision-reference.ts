// Session windows with allowed lateness and emit 'update' or early(interval) (DESIGN.md, "Session
// windows", "Late sessions and revisions"), written to be obviously right rather than fast: the
// oracle of assembly/session-revisions.ts. Arrays and linear scans; every rule appears once.
//
//   gap 10, allowedLateness 20, ooo 0:
//   a@0 a@30     wm 30: [0,10) final rev 0, and freed at once (10 + 20 ≤ 30)
//   a@40 a@52    wm 40: [30,40) final; wm 52: [40,50) final rev 0 (kept until 70)
//   a@45         joins the kept [40,50): [40,55) late rev 1 — open again (55 > 52), final rev 2 at wm 55
//   a@1 (wm 52)  1 + 10 + 20 ≤ 52: late stream, window [1,11), lateness 41

import { windowOf } from '../job/resolved-job.js';
import type { EmitKind, ResolvedEmission } from '../job/emission.js';
import { withRefusals, type ReferenceEvent, type ReferenceLate, type ReferenceOutput, type ReferenceResult, type WindowingConfig } from './window-reference.js';
import { StateLimitCounts } from './state-limit-reference.js';
import { emptySessionWords, foldIntoSession, joinSession, type ReferenceSession } from './session-reference.js';

interface KeptSession extends ReferenceSession {
  /** Its final result for the current end was written (or it opened already past the watermark): it waits for end + allowedLateness. */
  closed: boolean;
  /** It, or a session merged into it, had a `final` or `late` result: every event into it is late from then on. */
  finalized: boolean;
  /** The highest revision among the last results of it and the sessions merged into it; -1 for none. */
  revision: number;
  /** The starts of the last results written for it and the sessions merged into it. */
  written: number[];
}

/**
 * Every result and late event of the input, as if it were one batch followed by end of input, for
 * a session job with `emission`. Event by event:
 *   1. its session by the four rules of "Session windows", over every session kept (closed ones
 *      included); an event that would open [t, t + gap) with t + gap + allowedLateness ≤ watermark
 *      is late (the late list);
 *   2. folded in; the clock moves;
 *   3. `final` for every session not closed whose end ≤ watermark, by (end, start, seq); then
 *      closed sessions with end + allowedLateness ≤ watermark are freed;
 *   4. (early) `early` for every open session never finalized with a firing point start + k·interval
 *      in (w0, w1], and for the event's session if open, never finalized, and it would supersede
 *      a start — by (end, start, seq), one each;
 *   5. the event's session gets `late` when it is closed or finalized, else (update) `update`.
 * A result's revision is 1 + the highest revision among its sessions' last results (0 for none);
 * it supersedes the starts of those results other than its own start.
 */
export function referenceSessionRevisions(
  job: WindowingConfig,
  emission: ResolvedEmission,
  events: readonly ReferenceEvent[],
  options: { withEvents?: boolean } = {},
): ReferenceOutput {
  const window = windowOf(job);
  if (window.kind !== 'session') throw new Error('referenceSessionRevisions needs a session window');
  const gap = window.gapMs;
  const maxDuration = window.maxDurationMs ?? Infinity;
  const L = emission.allowedLatenessMs;
  const limits = new StateLimitCounts(job);
  const kept = new Map<string, KeptSession[]>();
  const results: ReferenceResult[] = [];
  const late: ReferenceLate[] = [];
  let watermark = -Infinity;
  let maxTime = -Infinity;
  let seq = 0;

  const write = (s: KeptSession, emit: EmitKind): void => {
    const revision = s.revision + 1;
    const supersedes = [...new Set(s.written.filter((x) => x !== s.start))].sort((a, b) => a - b);
    s.revision = revision;
    s.written = [s.start];
    const result = { key: s.key, start: s.start, end: s.last + gap, count: s.count, accs: s.words, emit, revision, supersedes };
    results.push(options.withEvents ? { ...result, events: s.events.map((i) => events[i]!) } : result);
  };

  const firesIn = (start: number, w0: number, w1: number): boolean => {
    // The first firing point start + k·interval (k ≥ 1) after w0.
    const I = emission.earlyMs;
    const f = w0 < start + I ? start + I : start + (Math.floor((w0 - start) / I) + 1) * I;
    return f <= w1;
  };
  const supersedesSomething = (s: KeptSession): boolean => s.written.some((x) => x !== s.start);

  const moved = (): void => {
    const all = [...kept.values()].flat();
    const closing = all.filter((s) => !s.closed && s.last + gap <= watermark);
    closing.sort((a, b) => a.last + gap - (b.last + gap) || a.start - b.start || a.seq - b.seq);
    for (const s of closing) {
      write(s, 'final');
      s.closed = true;
      s.finalized = true;
    }
    for (const s of all) {
      if (!s.closed || s.last + gap + L > watermark) continue;
      const sessions = kept.get(s.key)!;
      sessions.splice(sessions.indexOf(s), 1);
      limits.closed(s.key);
    }
  };

  events.forEach((e, index) => {
    let sessions = kept.get(e.key);
    if (!sessions) kept.set(e.key, (sessions = []));
    const t = e.time;
    let target: KeptSession | undefined = joinSession(job, sessions, t, gap, maxDuration, (before, after) => {
      before.finalized ||= after.finalized;
      before.revision = Math.max(before.revision, after.revision);
      before.written.push(...after.written);
      limits.closed(e.key);
    });
    if (!target) {
      // A session of its own, unless it is late or refused.
      if (t + gap + L <= watermark) {
        late.push({ index, start: t, end: t + gap, watermark });
        return;
      }
      if (limits.refuses(index, e.key)) return;
      limits.opened(e.key);
      target = {
        key: e.key, start: t, last: t, count: 0, words: emptySessionWords(job), seq: seq++, events: [],
        closed: false, finalized: false, revision: -1, written: [],
      };
      sessions.push(target);
      sessions.sort((a, b) => a.start - b.start);
    }
    foldIntoSession(job, target, e, index);
    // Its end is at or before the watermark: it is past its final, whether it had one or not.
    target.closed = target.last + gap <= watermark;
    const w0 = watermark;
    if (t > maxTime) {
      maxTime = t;
      watermark = Math.max(watermark, maxTime - job.outOfOrdernessMs);
    }
    if (watermark > w0) moved();
    if (emission.mode === 'early') {
      // Open sessions never finalized with a firing point in (w0, w1], and the event's own session
      // when it merged or moved one that had results: one `early` each, by (end, start, seq).
      const firing = [...kept.values()].flat().filter((s) => !s.closed && !s.finalized && (s === target ? supersedesSomething(s) || firesIn(s.start, w0, watermark) : firesIn(s.start, w0, watermark)));
      firing.sort((a, b) => a.last + gap - (b.last + gap) || a.start - b.start || a.seq - b.seq);
      for (const s of firing) write(s, 'early');
    }
    if (target.closed || target.finalized) {
      write(target, 'late');
      target.finalized = true;
    } else if (emission.mode === 'update') {
      write(target, 'update');
    }
  });
  watermark = Infinity;
  moved(); // every session closes: nothing is left to fire early
  return withRefusals({ results, late }, limits);
}
