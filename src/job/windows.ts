import type { Duration } from './duration.js';

/** Tumbling windows: fixed size, no overlap, aligned to the epoch plus `offset`. */
export interface TumblingWindow {
  readonly kind: 'tumbling';
  readonly size: Duration;
  /** Shifts the alignment, e.g. `'-1h'`-style offsets for days in a time zone. @default 0 */
  readonly offset?: Duration;
}

/** Every window kind a job accepts. Adding one: a spec here, its resolution in resolve-window.ts, its kernel in assembly/. */
export type WindowSpec = TumblingWindow;

/** `[start, start + size)` windows with `start ≡ offset (mod size)`. */
export function tumbling(size: Duration, offset?: Duration): TumblingWindow {
  return offset === undefined ? { kind: 'tumbling', size } : { kind: 'tumbling', size, offset };
}
