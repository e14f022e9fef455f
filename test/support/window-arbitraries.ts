// Random windowing jobs, event sequences and batch splits for the tumbling kernel properties.

import fc from 'fast-check';
import { STATUS_DELETED, STATUS_MISSING_KEY, STATUS_NON_FINITE_VALUE } from '../../src/wasm/layout.js';
import type { BatchRow } from './window-batches.js';

/** Rows per batch at most (the job's batchSize in these properties). */
export const MAX_BATCH = 64;

const accKind = fc.constantFrom('sum' as const, 'min' as const, 'max' as const, 'first' as const, 'last' as const, 'variance' as const);

/** Job shape: window size and offset, out-of-orderness, value columns and accumulators. */
export const windowing = fc
  .record({
    sizeMs: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 100 })),
    offsetMs: fc.integer({ min: -150, max: 150 }),
    outOfOrdernessMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
    valueCount: fc.integer({ min: 1, max: 3 }),
  })
  .chain((w) =>
    fc.record({
      sizeMs: fc.constant(w.sizeMs),
      offsetMs: fc.constant(w.offsetMs),
      outOfOrdernessMs: fc.constant(w.outOfOrdernessMs),
      valueCount: fc.constant(w.valueCount),
      accs: fc.array(fc.record({ kind: accKind, value: fc.integer({ min: 0, max: w.valueCount - 1 }) }), { maxLength: 4 }),
    }),
  );

const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-0, 0.1, 0.2, 1e308, -1e308),
);

/**
 * Events around a moving clock: mostly in order, some behind it (out of order, or late), keys from
 * a small or a large pool, and now and then a row the decoder refused (skipped by the kernel).
 */
export function rows(valueCount: number): fc.Arbitrary<BatchRow[]> {
  const row = fc.record({
    step: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 15 }), weight: 5 }, { arbitrary: fc.integer({ min: -80, max: 0 }), weight: 2 }),
    key: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 300 })).map((k) => `key-${k}`),
    values: fc.array(value, { minLength: valueCount, maxLength: valueCount }),
    // One row in 15 is refused by the decoder (fc.option's `freq` is the other way round: 1 in 15 would be nil).
    skipped: fc.oneof(
      { arbitrary: fc.constant(null), weight: 14 },
      { arbitrary: fc.constantFrom(STATUS_MISSING_KEY, STATUS_NON_FINITE_VALUE, STATUS_DELETED), weight: 1 },
    ),
  });
  return fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.array(row, { maxLength: 250, size: 'max' })).map(([start, rs]) => {
    let clock = start;
    return rs.map((r): BatchRow => {
      if (r.skipped !== null) return { skippedStatus: r.skipped };
      // A negative step is an event behind the clock; the clock itself only moves forward.
      const time = Math.max(0, clock + r.step);
      if (r.step > 0) clock = time;
      return { event: { key: r.key, time, values: r.values } };
    });
  });
}

/**
 * Rows whose panes are crowded: the clock moves 1 ms about every 30 rows, keys from 0…500, so a
 * pane of a few ms holds a hundred keys or more (arrival orders and head bits grow past their
 * first 64), with some events up to 30 ms behind the clock.
 */
export function crowdedRows(valueCount: number): fc.Arbitrary<BatchRow[]> {
  const row = fc.record({
    step: fc.oneof({ arbitrary: fc.constant(0), weight: 28 }, { arbitrary: fc.constant(1), weight: 1 }, { arbitrary: fc.integer({ min: -30, max: 0 }), weight: 2 }),
    key: fc.integer({ min: 0, max: 500 }).map((k) => `key-${k}`),
    values: fc.array(value, { minLength: valueCount, maxLength: valueCount }),
  });
  return fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.array(row, { minLength: 200, maxLength: 1500 })).map(([start, rs]) => {
    let clock = start;
    return rs.map((r): BatchRow => {
      const time = Math.max(0, clock + r.step);
      if (r.step > 0) clock = time;
      return { event: { key: r.key, time, values: r.values } };
    });
  });
}

/** Cut points for `batches`. */
export const cuts = fc.array(fc.nat(), { maxLength: 12, size: 'max' });

/** Splits `rs` into batches of at most MAX_BATCH rows at random places (empty batches included). */
export function batches(rs: readonly BatchRow[], at: readonly number[]): BatchRow[][] {
  const out: BatchRow[][] = [];
  let from = 0;
  for (const c of at) {
    const to = Math.min(rs.length, from + (c % (MAX_BATCH + 1)));
    out.push(rs.slice(from, to));
    from = to;
  }
  while (from < rs.length) {
    out.push(rs.slice(from, from + MAX_BATCH));
    from += MAX_BATCH;
  }
  if (out.length === 0) out.push([]);
  return out;
}

/** Hopping job shapes: slide 1…20 ms, size = slide × 1…6, with the same accumulators as `windowing`. */
export const hoppingWindowing = windowing.chain((w) =>
  fc.record({ slide: fc.integer({ min: 1, max: 20 }), panes: fc.integer({ min: 1, max: 6 }) }).map(({ slide, panes }) => ({
    ...w,
    sizeMs: slide * panes,
    slideMs: slide,
  })),
);

/**
 * Session job shapes: gap 1…40 ms; out-of-orderness none, or up to a few gaps (so a key has several
 * sessions open at once, and a late event can bridge them); half the time a maxDuration of
 * gap…gap + 100 ms (splits are common with the small key pools' long runs); the accumulators of
 * `windowing`.
 */
export const sessionWindowing = windowing.chain((w) =>
  fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 })).chain((gapMs) =>
    fc
      .record({
        outOfOrdernessMs: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 0, max: 4 * gapMs }), weight: 3 }),
        over: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined, freq: 2 }),
      })
      .map(({ outOfOrdernessMs, over }) => ({
        outOfOrdernessMs,
        valueCount: w.valueCount,
        accs: w.accs,
        gapMs,
        ...(over === undefined ? {} : { maxDurationMs: gapMs + over }),
      })),
  ),
);

/**
 * Events for session properties: a few keys (sometimes many), steps around the gap so sessions both
 * continue and break, events behind the clock by up to a few gaps (before a session's start, or
 * late), and "fill" events: between the latest two times of their key that are one to two gaps
 * apart — a bridge when both sessions are still open.
 */
export function sessionRows(valueCount: number, gapMs: number): fc.Arbitrary<BatchRow[]> {
  const row = fc.record({
    step: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: Math.ceil(gapMs / 2) }), weight: 5 },
      { arbitrary: fc.integer({ min: gapMs, max: 2 * gapMs }), weight: 2 },
      { arbitrary: fc.integer({ min: 0, max: 4 * gapMs }), weight: 1 },
      { arbitrary: fc.integer({ min: -3 * gapMs, max: 0 }), weight: 2 },
      { arbitrary: fc.integer({ min: -6 * gapMs - 60, max: 0 }), weight: 1 },
    ),
    fill: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))).chain((b) => (b ? fc.boolean() : fc.constant(false))),
    key: fc.oneof(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 30 })).map((k) => `key-${k}`),
    values: fc.array(value, { minLength: valueCount, maxLength: valueCount }),
    // One row in 20 is refused by the decoder.
    skipped: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 19 },
      { arbitrary: fc.constantFrom(STATUS_MISSING_KEY, STATUS_NON_FINITE_VALUE, STATUS_DELETED), weight: 1 },
    ),
  });
  return fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.array(row, { maxLength: 250, size: 'max' })).map(([start, rs]) => {
    let clock = start;
    const times = new Map<string, number[]>();
    return rs.map((r): BatchRow => {
      if (r.skipped !== undefined) return { skippedStatus: r.skipped };
      const seen = times.get(r.key) ?? [];
      times.set(r.key, seen);
      let time = Math.max(0, clock + r.step);
      const at = r.fill ? seen.findLastIndex((x, i) => i > 0 && x - seen[i - 1]! >= gapMs && x - seen[i - 1]! < 2 * gapMs) : -1;
      if (at > 0) time = Math.floor((seen[at - 1]! + seen[at]!) / 2);
      else if (r.step > 0) clock = time;
      seen.splice(sortedIndex(seen, time), 0, time);
      return { event: { key: r.key, time, values: r.values } };
    });
  });
}

function sortedIndex(xs: readonly number[], x: number): number {
  let i = xs.length;
  while (i > 0 && xs[i - 1]! > x) i--;
  return i;
}

/** Which emission options a revision property runs with: the mode, and whether allowedLateness is > 0. */
export interface EmissionCase {
  readonly mode: 'final' | 'update' | 'early';
  readonly lateness: boolean;
}

/**
 * `shapes` (tumbling or hopping) with `emit` and `allowedLateness` drawn for `c`: lateness 1…120 ms
 * (the rows' events run up to 80 ms behind the clock, so some land within it and some beyond), an
 * early interval from 1 ms to just under the window size (windows of 1 ms are widened to 2).
 */
export function withEmission<W extends { sizeMs: number; slideMs?: number }>(
  shapes: fc.Arbitrary<W>,
  c: EmissionCase,
): fc.Arbitrary<W & { allowedLatenessMs: number; emit: 'final' | 'update' | { early: number } }> {
  return shapes.chain((w) => {
    // A 1 ms window (slide 1 ms when hopping) has no room for an early firing: make it 2 ms.
    const shape = c.mode === 'early' && w.sizeMs < 2 ? { ...w, sizeMs: 2 } : w;
    return fc
      .record({
        allowedLatenessMs: c.lateness ? fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 120 })) : fc.constant(0),
        early: fc.integer({ min: 1, max: Math.max(1, shape.sizeMs - 1) }),
      })
      .map(({ allowedLatenessMs, early }) => ({
        ...shape,
        allowedLatenessMs,
        emit: c.mode === 'early' ? { early } : c.mode,
      }));
  });
}

/**
 * Session `shapes` with `emit` and `allowedLateness` drawn for `c`: lateness up to one gap, or up to
 * the rows' furthest step back (6 gaps + 60 ms), so events land within it and beyond; an early
 * interval of 1 ms to 3 gaps.
 */
export function withSessionEmission<W extends { gapMs: number }>(
  shapes: fc.Arbitrary<W>,
  c: EmissionCase,
): fc.Arbitrary<W & { allowedLatenessMs: number; emit: 'final' | 'update' | { early: number } }> {
  return shapes.chain((w) =>
    fc
      .record({
        allowedLatenessMs: c.lateness ? fc.oneof(fc.integer({ min: 1, max: w.gapMs }), fc.integer({ min: 1, max: 6 * w.gapMs + 60 })) : fc.constant(0),
        early: fc.integer({ min: 1, max: 3 * w.gapMs }),
      })
      .map(({ allowedLatenessMs, early }) => ({ ...w, allowedLatenessMs, emit: c.mode === 'early' ? { early } : c.mode })),
  );
}
