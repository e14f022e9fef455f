import type { Duration } from './duration.js';

/** Tumbling windows: fixed size, no overlap, aligned to the epoch plus `offset`. */
export interface TumblingWindow {
  readonly kind: 'tumbling';
  readonly size: Duration;
  /** Shifts the alignment, e.g. `'-1h'`-style offsets for days in a time zone. @default 0 */
  readonly offset?: Duration;
}

/** Hopping (sliding) windows: `size` long, one starting every `slide`; `slide` must divide `size`. */
export interface HoppingWindow {
  readonly kind: 'hopping';
  readonly size: Duration;
  readonly slide: Duration;
  /** Shifts the alignment of the slide grid. @default 0 */
  readonly offset?: Duration;
}

/** Session windows per key: `[first event, last event + gap)`; see `session()`. */
export interface SessionWindow {
  readonly kind: 'session';
  /** A key's session ends once no event came for this long; at least 1 ms. */
  readonly gap: Duration;
  /** No session is longer than this (end − start); at least `gap`. @default none */
  readonly maxDuration?: Duration;
}

/** Options of `session()`. */
export interface SessionOptions {
  /** No session is longer than this (end − start): an event that would stretch one further opens a new one. At least `gap`. @default none */
  readonly maxDuration?: Duration;
}

/** Rolling per-event windows: one result per event over its key's recent events; see `rolling()`. */
export interface RollingWindow {
  readonly kind: 'rolling';
  /** The window of an event at t holds its key's events in [t − last, t] (both ends included); at least 1 ms. */
  readonly last: Duration;
  /** At most this many of them: the newest, the event itself included. @default no bound */
  readonly events?: number;
}

/** Options of `rolling()`. */
export interface RollingOptions {
  /**
   * The window of an event at t holds its key's events in [t − last, t], both ends included (SQL's
   * `RANGE BETWEEN last PRECEDING AND CURRENT ROW`). Required, also with `events`: it bounds what a
   * successor replays after a takeover, so results stay exact.
   */
  readonly last: Duration;
  /** At most this many events: the newest, the event itself included (`ROWS BETWEEN events − 1 PRECEDING`). @default no bound */
  readonly events?: number;
}

/** Every window kind a job accepts. Adding one: a spec here, its resolution in resolve-job.ts, its kernel in assembly/. */
export type WindowSpec = TumblingWindow | HoppingWindow | SessionWindow | RollingWindow;

/** `[start, start + size)` windows with `start ≡ offset (mod size)`. */
export function tumbling(size: Duration, offset?: Duration): TumblingWindow {
  return offset === undefined ? { kind: 'tumbling', size } : { kind: 'tumbling', size, offset };
}

/**
 * `[start, start + size)` windows starting every `slide` (start ≡ offset mod slide); each event is in
 * size/slide of them. Computed from slide-sized panes merged when a window closes, so an event costs
 * what it costs in a tumbling window. A window's sum is the sum of its panes' sums.
 */
export function hopping(size: Duration, slide: Duration, offset?: Duration): HoppingWindow {
  return offset === undefined ? { kind: 'hopping', size, slide } : { kind: 'hopping', size, slide, offset };
}

/**
 * Session windows per key: a session is `[first event time, last event time + gap)`. An event less
 * than `gap` after a session's last (or before its first) joins it; one that bridges two sessions
 * merges them; with `maxDuration`, no session grows longer than that. An event is late only when it
 * would open a session that has already closed (`t + gap ≤ watermark`). See DESIGN.md, "Session windows".
 */
export function session(gap: Duration, options: SessionOptions = {}): SessionWindow {
  return options.maxDuration === undefined ? { kind: 'session', gap } : { kind: 'session', gap, maxDuration: options.maxDuration };
}

/**
 * Rolling per-event windows (Flink's OVER windows): one result per accepted event, over the events
 * of its key in [t − last, t] — at most `events` of them, the newest — in event-time order once the
 * watermark has passed the event (ties: arrival order). `rolling({ last: '5m' })`,
 * `rolling({ events: 100, last: '1h' })`. Aggregates: count, sum, min, max, mean, range, first, last,
 * variance, stddev (sketches are refused). See DESIGN.md, "Rolling windows".
 */
export function rolling(options: RollingOptions): RollingWindow {
  return options.events === undefined ? { kind: 'rolling', last: options.last } : { kind: 'rolling', last: options.last, events: options.events };
}
