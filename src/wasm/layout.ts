// Mirror of assembly/layout.ts. `layoutSignature()` must equal the module's own; the kernel loader
// refuses a build where they differ, so the two files cannot drift silently.

export const STATUS_OK = 0;
export const STATUS_NEEDS_HOST = 1;
export const STATUS_MISSING_KEY = 2;
export const STATUS_MISSING_VALUE = 3;
export const STATUS_NON_NUMERIC_VALUE = 4;
export const STATUS_NON_FINITE_VALUE = 5;
export const STATUS_MISSING_TIME = 6;
export const STATUS_BAD_TIME = 7;
export const STATUS_DELETED = 8;
export const STATUS_BAD_PAYLOAD = 9;
export const STATUS_DUPLICATE_FIELD = 10;
export const STATUS_TIME_OUT_OF_BOUNDS = 11;
export const STATUS_KEY_LIMIT = 12;
export const STATUS_WINDOW_LIMIT = 13;
export const STATUS_COUNT = 14;

export const TIME_FROM_FIELD = 0;
export const TIME_FROM_ID = 1;
export const TIME_FROM_FIELD_TEXT = 2;
export const FORMAT_FIELDS = 0;
export const FORMAT_MSGPACK = 1;

export const ACC_SUM = 1;
export const ACC_MIN = 2;
export const ACC_MAX = 3;
export const ACC_FIRST = 4;
export const ACC_LAST = 5;
export const ACC_MOMENTS = 6;
export const ACC_QUANTILES = 7;
export const ACC_DISTINCT = 8;
export const ACC_TOPK = 9;
export const ACC_KIND_COUNT = 10;

export const MAX_VALUES = 8;
export const MAX_ITEMS = 4;
export const MAX_ACCS = 32;
export const MAX_ACC_WORDS = 64;
export const RESULT_HEADER_F64 = 4;
export const LATE_RECORD_F64 = 4;
export const RESULT_TAG_F64 = 2;
export const EMIT_FINAL = 0;
export const EMIT_EARLY = 1;
export const EMIT_UPDATE = 2;
export const EMIT_LATE = 3;

export const DECODE_PROTOCOL_ERROR = -2;
export const DECODE_ERROR_REPLY = -3;
export const DECODE_OVER_CAPACITY = -4;
export const FRAME_INCOMPLETE = -1;
export const FRAME_PROTOCOL_ERROR = -2;

export function layoutSignature(): number {
  return (
    STATUS_COUNT * 1000003 +
    STATUS_BAD_PAYLOAD * 10007 +
    ACC_KIND_COUNT * 1009 +
    MAX_ACC_WORDS * 7 +
    MAX_VALUES * 101 +
    MAX_ITEMS * 13 +
    MAX_ACCS * 11 +
    RESULT_HEADER_F64 * 3 +
    LATE_RECORD_F64 +
    RESULT_TAG_F64 * 100003 +
    EMIT_LATE * 1000
  ) | 0;
}

/** Dead-letter reasons as written to the dead-letter stream's `reason` field. */
export type DeadLetterReason =
  | 'missing-key'
  | 'missing-value'
  | 'non-numeric-value'
  | 'non-finite-value'
  | 'missing-time'
  | 'bad-time'
  | 'bad-payload'
  | 'duplicate-field'
  | 'time-out-of-bounds'
  | 'state-limit';

export const REASON_OF_STATUS: Readonly<Record<number, DeadLetterReason>> = {
  [STATUS_MISSING_KEY]: 'missing-key',
  [STATUS_MISSING_VALUE]: 'missing-value',
  [STATUS_NON_NUMERIC_VALUE]: 'non-numeric-value',
  [STATUS_NON_FINITE_VALUE]: 'non-finite-value',
  [STATUS_MISSING_TIME]: 'missing-time',
  [STATUS_BAD_TIME]: 'bad-time',
  [STATUS_BAD_PAYLOAD]: 'bad-payload',
  [STATUS_DUPLICATE_FIELD]: 'duplicate-field',
  [STATUS_TIME_OUT_OF_BOUNDS]: 'time-out-of-bounds',
  [STATUS_KEY_LIMIT]: 'state-limit',
  [STATUS_WINDOW_LIMIT]: 'state-limit',
};

export const STATUS_OF_REASON: Readonly<Record<DeadLetterReason, number>> = Object.fromEntries(
  Object.entries(REASON_OF_STATUS).map(([s, r]) => [r, Number(s)]),
) as Record<DeadLetterReason, number>;
