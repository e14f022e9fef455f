// When a windowed job writes results: the emit mode and allowed lateness (DESIGN.md, "Lateness and
// emission"). Options, their defaults and their validation, in one place.

import { durationMs, type Duration } from './duration.js';

/** `emit: early('10s')`: partial results while a window is open, then its final one. */
export interface EarlyEmit {
  /** Event time between partial results: one whenever the watermark passes start + k·early (k ≥ 1) while the window is open. */
  readonly early: Duration;
}

/**
 * `'final'`: one result per window and key, when the watermark passes its end. `'update'`: also one
 * after every event that changes an open window. `early(interval)`: also partial results every
 * `interval` of event time while it is open. All are functions of the input, never of wall-clock time.
 */
export type EmitMode = 'final' | 'update' | EarlyEmit;

/** Partial results while a window is open, fired by the watermark crossing start + k·`interval` (event time, not wall-clock). */
export function early(interval: Duration): EarlyEmit {
  return { early: interval };
}

/** What a result says it is, in its `emit` field. */
export type EmitKind = 'early' | 'update' | 'final' | 'late';

/** Emit kind codes of the kernel's result records (assembly/layout.ts EMIT_*), as written. */
export const EMIT_KINDS: readonly EmitKind[] = ['final', 'early', 'update', 'late'];

/** A job that revises results: absent from a ResolvedJob with the defaults (final, no allowed lateness). */
export interface ResolvedEmission {
  readonly allowedLatenessMs: number;
  readonly mode: 'final' | 'early' | 'update';
  /** The early interval; 0 unless mode is 'early'. */
  readonly earlyMs: number;
}

/** The options' defaults. */
export const EMISSION_DEFAULTS = {
  /** @default 0: a window is freed once its final result is written; a later event for it is late. */
  allowedLateness: 0,
  /** @default 'final' */
  emit: 'final',
} as const;

type Fail = (option: string, problem: string) => never;

/**
 * `allowedLateness` and `emit` of a job definition; undefined for the defaults, which keep the
 * output exactly as without them. `window` is the resolved window's kind and size (undefined for a
 * job without windows), `detectsWindows` whether a detector judges the window results.
 */
export function resolveEmission(
  allowedLateness: unknown,
  emit: unknown,
  window: { readonly kind: 'tumbling' | 'hopping' | 'session' | 'rolling'; readonly sizeMs?: number } | undefined,
  detectsWindows: boolean,
  fail: Fail,
): ResolvedEmission | undefined {
  const latenessMs = durationMs(allowedLateness === undefined ? EMISSION_DEFAULTS.allowedLateness : allowedLateness);
  if (latenessMs === undefined || latenessMs < 0) {
    return fail('allowedLateness', `must be a duration like '30s' or 30000, at least 0 (got ${JSON.stringify(allowedLateness)})`);
  }
  const e = emit === undefined ? EMISSION_DEFAULTS.emit : emit;
  let mode: ResolvedEmission['mode'];
  let earlyMs = 0;
  if (e === 'final' || e === 'update') mode = e;
  else if (typeof e === 'object' && e !== null && !Array.isArray(e) && Object.keys(e).length === 1 && 'early' in e) {
    mode = 'early';
    const ms = durationMs((e as EarlyEmit).early);
    if (ms === undefined || ms < 1) return fail('emit.early', `must be a positive duration like '10s' (got ${JSON.stringify((e as EarlyEmit).early)})`);
    earlyMs = ms;
  } else {
    return fail('emit', `must be 'final', 'update' or early('<interval>') (got ${JSON.stringify(e)})`);
  }
  if (latenessMs === 0 && mode === 'final') return undefined;
  const option = allowedLateness !== undefined && latenessMs > 0 ? 'allowedLateness' : 'emit';
  if (window === undefined) return fail(option, 'applies to windowed jobs only; this job judges raw events with its detector');
  if (window.kind === 'rolling') {
    return fail(option, 'is not supported with rolling windows: each event gets one result, final once the watermark passes it, and a late event would change the results of events already written; raise outOfOrderness instead');
  }
  if (detectsWindows) {
    return fail(option, "cannot be combined with detect on window results: the detector judges each window once, in window order; leave emit 'final' and allowedLateness 0");
  }
  if (mode === 'early' && window.sizeMs !== undefined && earlyMs >= window.sizeMs) {
    return fail('emit.early', `must be shorter than window.size (${window.sizeMs} ms): no early result could fire before the window closes`);
  }
  return { allowedLatenessMs: latenessMs, mode, earlyMs };
}
