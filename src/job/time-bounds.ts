// The `timeBounds` job option: how far an entry's event time may lie from the moment Redis appended
// the entry (its ID's millisecond part) before the entry is dead-lettered as `time-out-of-bounds`.
//
// Why the entry ID and not the partition's clock: the ID is part of the input, so the decision is a
// pure function of the entry alone — the same on replay, whatever the batch cuts, and it holds for
// the very first entry of a partition too (a clock-relative bound has nothing to compare the first
// entry with, and a far-future first event would push the watermark and make everything late).
// The catch: producers that choose IDs themselves (`XADD s 5-1 …`) must choose times, or switch the
// bounds off.

import type { Duration } from './duration.js';
import { durationMs } from './duration.js';

/** Bounds on event time relative to the entry ID's time. */
export interface TimeBoundsOptions {
  /**
   * How far ahead of the entry ID's time an event time may lie: a clock that is this far ahead is
   * broken, and one such event would push the watermark and make everything after it late.
   * `'none'`: unbounded. @default '1d'
   */
  readonly maxAhead?: Duration | 'none';
  /**
   * How far behind the entry ID's time an event time may lie. Unbounded by default: backfills
   * append old events on purpose, and an old event cannot move the watermark (it is late at worst).
   * `'none'`: unbounded. @default 'none'
   */
  readonly maxBehind?: Duration | 'none';
}

/** Resolved bounds in ms; Infinity where unbounded. Only jobs whose event time comes from a field are bounded. */
export interface ResolvedTimeBounds {
  readonly maxAheadMs: number;
  readonly maxBehindMs: number;
}

export const TIME_BOUNDS_DEFAULTS = { maxAhead: '1d', maxBehind: 'none' } as const satisfies Required<TimeBoundsOptions>;

export const TIME_BOUNDS_OFF: ResolvedTimeBounds = { maxAheadMs: Infinity, maxBehindMs: Infinity };

const TIME_BOUNDS_OPTIONS = ['maxAhead', 'maxBehind'];

/**
 * Validates `timeBounds` (an object, or `'off'` for no bounds at all) and fills in the defaults;
 * `fail` names the option. `rejectUnknown` refuses misspelt keys.
 */
export function resolveTimeBounds(
  v: unknown,
  fail: (option: string, problem: string) => never,
  rejectUnknown: (o: Record<string, unknown>, allowed: readonly string[], prefix: string) => void,
): ResolvedTimeBounds {
  if (v === 'off') return TIME_BOUNDS_OFF;
  if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v))) {
    return fail('timeBounds', `must be { maxAhead, maxBehind } (durations like '1d', or 'none') or 'off' (got ${JSON.stringify(v)})`);
  }
  const o = (v ?? {}) as Record<string, unknown>;
  rejectUnknown(o, TIME_BOUNDS_OPTIONS, 'timeBounds.');
  const bound = (name: 'maxAhead' | 'maxBehind'): number => {
    const raw = o[name] === undefined ? TIME_BOUNDS_DEFAULTS[name] : o[name];
    if (raw === 'none') return Infinity;
    const ms = durationMs(raw);
    if (ms === undefined || ms < 0) return fail(`timeBounds.${name}`, `must be a duration like '1d' or 86400000, or 'none' (got ${JSON.stringify(raw)})`);
    return ms;
  };
  return { maxAheadMs: bound('maxAhead'), maxBehindMs: bound('maxBehind') };
}
