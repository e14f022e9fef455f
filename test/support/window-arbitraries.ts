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
    skipped: fc.option(fc.constantFrom(STATUS_MISSING_KEY, STATUS_NON_FINITE_VALUE, STATUS_DELETED), { freq: 15 }),
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
