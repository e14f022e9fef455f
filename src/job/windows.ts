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

/** Every window kind a job accepts. Adding one: a spec here, its resolution in resolve-job.ts, its kernel in assembly/. */
export type WindowSpec = TumblingWindow | HoppingWindow;

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
