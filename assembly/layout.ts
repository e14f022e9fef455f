// The batch layout shared by the WASM kernels and the host. Mirrored once in src/wasm/layout.ts;
// `layoutSignature()` lets the host refuse a build whose constants drifted from its mirror.

/** Entry status codes written by `decode` into the status column (u8 per entry). */
export const STATUS_OK: u8 = 0;
/** The fast path could not decide: the host decodes this entry with the TypeScript reference. */
export const STATUS_NEEDS_HOST: u8 = 1;
export const STATUS_MISSING_KEY: u8 = 2;
export const STATUS_MISSING_VALUE: u8 = 3;
export const STATUS_NON_NUMERIC_VALUE: u8 = 4;
export const STATUS_NON_FINITE_VALUE: u8 = 5;
export const STATUS_MISSING_TIME: u8 = 6;
export const STATUS_BAD_TIME: u8 = 7;
/** Entry deleted from the stream while pending: the reply carries its ID with nil fields. */
export const STATUS_DELETED: u8 = 8;
export const STATUS_BAD_PAYLOAD: u8 = 9;
/** A field the job reads occurs more than once in the entry: which one is meant is anyone's guess. */
export const STATUS_DUPLICATE_FIELD: u8 = 10;
/** Event time outside the job's `timeBounds` around the entry ID's time (see DESIGN.md, "Time bounds"). */
export const STATUS_TIME_OUT_OF_BOUNDS: u8 = 11;
/** Would give a key state beyond `maxKeys` (state-limits.ts); set by processBatch, dead-lettered `state-limit`. */
export const STATUS_KEY_LIMIT: u8 = 12;
/** Would open a window, pane or session beyond the key's `maxOpenWindows`; dead-lettered `state-limit`. */
export const STATUS_WINDOW_LIMIT: u8 = 13;
export const STATUS_COUNT: i32 = 14;

/** Where an entry's event time comes from. */
export const TIME_FROM_FIELD: i32 = 0;
export const TIME_FROM_ID: i32 = 1;
/** ISO-8601 text in a field: always decoded on the host (Date.parse). */
export const TIME_FROM_FIELD_TEXT: i32 = 2;

/** How the fields of an entry are read. */
export const FORMAT_FIELDS: i32 = 0;
/** One field holds a msgpack map; decoded on the host (see DESIGN.md). */
export const FORMAT_MSGPACK: i32 = 1;

/** Accumulator kinds and the f64 words of state each keeps per window and key (see accumulators.ts). */
export const ACC_SUM: i32 = 1; // [sum]
export const ACC_MIN: i32 = 2; // [min]
export const ACC_MAX: i32 = 3; // [max]
export const ACC_FIRST: i32 = 4; // [event time, value] of the earliest event (ties: the first to arrive)
export const ACC_LAST: i32 = 5; // [event time, value] of the latest event (ties: the last to arrive)
export const ACC_MOMENTS: i32 = 6; // [shift, mean of (v − shift), M2] (shifted Welford; n is the slot's count)
// Sketches: one word holding the address of a sketch owned by the slot (then by the result record,
// which frees it at the start of the next batch, after the host has read it).
export const ACC_QUANTILES: i32 = 7; // [DDSketch address] of a value
export const ACC_DISTINCT: i32 = 8; // [HyperLogLog address] of an item field's bytes
export const ACC_TOPK: i32 = 9; // [Space-Saving address] of an item field's bytes
export const ACC_KIND_COUNT: i32 = 10;

/** At most this many value columns per job. */
export const MAX_VALUES: i32 = 8;
/** At most this many item fields (byte strings for distinct counts and top-k) per job. */
export const MAX_ITEMS: i32 = 4;
/** At most this many accumulators per job, and f64 words of accumulator state per slot. */
export const MAX_ACCS: i32 = 32;
export const MAX_ACC_WORDS: i32 = 64;

/**
 * Output record, all f64: [keyId, start, end, count, accumulator words…] (each accumulator's words
 * in job order).
 * Late record, all f64: [entryIndex, windowStart, windowEnd, watermark].
 */
export const RESULT_HEADER_F64: i32 = 4;
export const LATE_RECORD_F64: i32 = 4;

/**
 * With allowed lateness or an emit mode other than final (window-revisions.ts), each result record
 * ends with two more words after the accumulator words: [emit kind, revision]. The revision counts
 * the results written before for the same (window, key): 0, 1, 2, …
 */
export const RESULT_TAG_F64: i32 = 2;
export const EMIT_FINAL: i32 = 0;
export const EMIT_EARLY: i32 = 1;
export const EMIT_UPDATE: i32 = 2;
export const EMIT_LATE: i32 = 3;

export function layoutSignature(): i32 {
  return (
    STATUS_COUNT * 1000003 +
    <i32>STATUS_BAD_PAYLOAD * 10007 +
    ACC_KIND_COUNT * 1009 +
    MAX_ACC_WORDS * 7 +
    MAX_VALUES * 101 +
    MAX_ITEMS * 13 +
    MAX_ACCS * 11 +
    RESULT_HEADER_F64 * 3 +
    LATE_RECORD_F64 +
    RESULT_TAG_F64 * 100003 +
    EMIT_LATE * 1000
  );
}
