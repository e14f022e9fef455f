// Session windows, written to be obviously right rather than fast: the oracle of
// assembly/session-windows.ts. Arrays and linear scans; every rule of DESIGN.md ("Session windows")
// appears once, in the words it is written there.
//
//   gap 10:  a@0 a@4 ─────────── a@20             sessions [0, 14) and [20, 30)
//                     a@12 (later, out of order)  bridges both: one session [0, 30)

import { windowOf, type ResolvedJob } from '../job/resolved-job.js';
import { accumulatorWords, mergeAccumulatorWords, withRefusals, type ReferenceEvent, type ReferenceLate, type ReferenceOutput, type ReferenceResult, type WindowingConfig } from './window-reference.js';
import { StateLimitCounts } from './state-limit-reference.js';
import { placeInSessions } from './session-placement-reference.js';

/** One session of the reference (the revising reference's kept sessions add their revision state). */
export interface ReferenceSession {
  readonly key: string;
  /** First and last event time: the session is [start, last + gap). */
  start: number;
  last: number;
  count: number;
  words: number[];
  /** The order sessions were opened in; a merge keeps the earlier session's. */
  readonly seq: number;
  /** Input indexes of its events. */
  events: number[];
}

/**
 * Every session result and late event of the input, as if it were one batch followed by end of
 * input. Event by event: the late check against the watermark before the event, the event's
 * session (joined, bridged, or opened), the watermark, then every session whose end the watermark
 * has reached closes, in order of (end, start, seq).
 */
export function referenceSessions(
  job: WindowingConfig,
  events: readonly ReferenceEvent[],
  options: { withEvents?: boolean } = {},
): ReferenceOutput {
  const window = windowOf(job);
  const limits = new StateLimitCounts(job);
  if (window.kind !== 'session') throw new Error('referenceSessions needs a session window');
  const gap = window.gapMs;
  const maxDuration = window.maxDurationMs ?? Infinity;
  /** Per key, its open sessions sorted by start (their [start, last] ranges never overlap). */
  const open = new Map<string, ReferenceSession[]>();
  const results: ReferenceResult[] = [];
  const late: ReferenceLate[] = [];
  let watermark = -Infinity;
  let maxTime = -Infinity;
  let seq = 0;

  const close = (): void => {
    const closing: ReferenceSession[] = [];
    for (const sessions of open.values()) closing.push(...sessions.filter((s) => s.last + gap <= watermark));
    closing.sort((a, b) => a.last + gap - (b.last + gap) || a.start - b.start || a.seq - b.seq);
    for (const s of closing) {
      const sessions = open.get(s.key)!;
      sessions.splice(sessions.indexOf(s), 1);
      limits.closed(s.key);
      const result = { key: s.key, start: s.start, end: s.last + gap, count: s.count, accs: s.words };
      results.push(options.withEvents ? { ...result, events: s.events.map((i) => events[i]!) } : result);
    }
  };

  events.forEach((e, index) => {
    let sessions = open.get(e.key);
    if (!sessions) open.set(e.key, (sessions = []));
    const t = e.time;
    let target: ReferenceSession | undefined = joinSession(job, sessions, t, gap, maxDuration, () => limits.closed(e.key));
    if (!target) {
      // A session of its own, unless it is late or refused.
      if (t + gap <= watermark) {
        late.push({ index, start: t, end: t + gap, watermark });
        return;
      }
      if (limits.refuses(index, e.key)) return;
      limits.opened(e.key);
      target = { key: e.key, start: t, last: t, count: 0, words: emptySessionWords(job), seq: seq++, events: [] };
      sessions.push(target);
      sessions.sort((a, b) => a.start - b.start);
    }
    foldIntoSession(job, target, e, index);
    if (t > maxTime) {
      maxTime = t;
      watermark = Math.max(watermark, maxTime - job.outOfOrdernessMs);
    }
    close();
  });
  watermark = Infinity;
  close();
  return withRefusals({ results, late }, limits);
}

/**
 * The session of `sessions` (a key's, sorted by start) that an event at t joins, by the rules of
 * placeInSessions: the one it lies in, the one it extends, or — when it bridges two — the earlier
 * one with the later merged into it and removed (`merged(before, after)` first, for what a caller
 * keeps beside the words). Undefined when the event would open a session of its own: whether it
 * is late or refused then is the caller's rule.
 */
export function joinSession<S extends ReferenceSession>(
  job: WindowingConfig,
  sessions: S[],
  t: number,
  gap: number,
  maxDuration: number,
  merged: (before: S, after: S) => void,
): S | undefined {
  const place = placeInSessions(sessions, t, gap, maxDuration);
  switch (place.kind) {
    case 'inside':
      return place.session;
    case 'bridge': {
      // The later session merges into the earlier one, then the event joins.
      const { before, after } = place;
      absorbSession(job, before, after);
      merged(before, after);
      sessions.splice(sessions.indexOf(after), 1);
      return before;
    }
    case 'extends-before':
      place.session.last = t;
      return place.session;
    case 'extends-after':
      place.session.start = t;
      return place.session;
    case 'new':
      return undefined;
  }
}

/** P ⊕ N of a bridge: `after`'s words merged into `before`'s (the grouping is part of the result), its count, last and events taken. */
function absorbSession(job: WindowingConfig, before: ReferenceSession, after: ReferenceSession): void {
  before.words = mergeAccumulatorWords(job, before.words, after.words, before.count, after.count);
  before.count += after.count;
  before.last = after.last;
  before.events.push(...after.events);
}

/** Event `index` of the input folded into its session: count, words, and its place among the session's events. */
export function foldIntoSession(job: WindowingConfig, target: ReferenceSession, e: ReferenceEvent, index: number): void {
  target.count += 1;
  target.words = foldEvent(job, target.words, target.count, e);
  target.events.push(index);
  target.events.sort((a, b) => a - b);
}

/** A session's words before its first event: each accumulator's words over no events. */
export function emptySessionWords(job: WindowingConfig): number[] {
  return job.accumulators.flatMap((a) => accumulatorWords(a.kind, []));
}

/**
 * One event folded into a session's words, `n` being the session's count with it: each
 * accumulator's incremental form, the one its words over a list of events are the fold of
 * (moments: one shifted Welford step, the shift set by the first event).
 */
export function foldEvent(job: Pick<ResolvedJob, 'accumulators'>, words: readonly number[], n: number, e: ReferenceEvent): number[] {
  const out = [...words];
  for (const a of job.accumulators) {
    const w = a.word;
    const v = e.values[a.value]!;
    switch (a.kind) {
      case 'sum': out[w] = out[w]! + v; break;
      case 'min': if (v < out[w]!) out[w] = v; break;
      case 'max': if (v > out[w]!) out[w] = v; break;
      case 'first': if (e.time < out[w]!) { out[w] = e.time; out[w + 1] = v; } break;
      case 'last': if (e.time >= out[w]!) { out[w] = e.time; out[w + 1] = v; } break;
      case 'moments': {
        if (n === 1) out[w] = v;
        const x = v - out[w]!;
        const mean = out[w + 1]!;
        const delta = x - mean;
        const next = mean + delta / n;
        out[w + 1] = next;
        out[w + 2] = out[w + 2]! + delta * (x - next);
        break;
      }
      default: break; // sketches: NaN words, outputs computed from the events
    }
  }
  return out;
}
