// The context detector's memory layout (context-detector.ts says what the detector does): the
// state header, its growable regions, and the records in them. Every offset is named once, here.
//
// State header (HEADER_BYTES at the address ctxCreate returns); every growable region is an
// address + capacity here, grown by doubling up to what maxContexts allows:
//   0    min, max            f64 ×2   the quantisation range in use
//   16   learnMin, learnMax  i32 ×2
//   24   threshold           f64
//   32   baseThreshold       f64
//   40   restPeriod          f64
//   48   events              f64      rows seen
//   56   lastHigh            f64      last row whose raw score was ≥ baseThreshold (0: CAD's initial 1.0)
//   64   maxLen, maxActive, bits, maxContexts   i32 ×4
//   80   predMask            i32      sensor facts predicted for this row (bit 2b + v)
//   84   groupSensors        i32      sensor facts of the previous row's fact group
//   88   groupNeurons        i32      its neuron count; their ids at NEURONS, ascending
//   92   newContextId        i32      Python's newContextID (0 = False)
//   96   hasGroup            i32      0 before the first row
//   100  (unused)            i32
//   104  crossLefts          i32      left semi-contexts that existed at that crossing
//   108  rightCount          i32
//   112  contexts            region   CTX_BYTES each
//   124  lefts               region   LEFT_BYTES each
//   136  pool                region   i32 neuron ids of the left semi-contexts
//   148  nodes               region   index of lefts with neurons, under their greatest neuron:
//                                     (left id i32, sensorMask i32, next i32, other-neuron signature i32)
//   160  big                 region   32-slot context tables of left semi-contexts past 5 contexts
//   172  leftHash            region   open addressing: key i64, left id + 1 i32, pad (16 bytes)
//   184  zeroBits            region   bit per left id: holds a zero-level context
//   196  full                region   i32 ids of the left semi-contexts fully matched at the crossing
//   208  groupBits           region   bit per context id: a neuron fact of the current group
//   220  pot                 region   proposed contexts, potBytes each
//   232  potSet              region   per-row set of proposed (left hash, right facts): 16 bytes
//   244  zeroIndex           usize    side block of the zero-level lefts' index (context-zero-index.ts)
//   248  leftLists           usize    side block of the lefts listed by greatest neuron (context-left-lists.ts)
//   252  settleBounds        usize    side block of the lefts' settle bounds (context-settle-bounds.ts)
//   256  potSetStamp         i32      the row potSet's length counts
//   264  rangePadding        f64
//   272  corr0               i32 ×8   rows (by value level) context 0 was skipped while its left owed them
//   304  corr0Total          i32
//   308  activeCount         i32      this row's active contexts
//   312  topCount            i32      how many of them are in the running top (TOP_OFF)
//   320  topLeast            f64      the least activations in a full running top
//   328  neurons             maxActive i32 (inline, NEURONS)
//   then rightByMask 64 i32, rightMask 32 i32, rightHash 32 i64, sensorOnlyLeft 64 i32, a 64-i32
//   scratch for one left semi-context's matched neuron facts, levelMask 8 i32 (sensor facts of each
//   value level), subRights 8 i32 and meetRights 8 i32 (per level: bit per right id whose facts
//   are all among / meet the level's), and the running top: 64 i32.
// A region is { ptr usize, len i32, cap i32 } (12 bytes).
//
// Context (CTX_BYTES): 0 seen f64, 8 hits f64, 16 activations f64, 24 leftHash i64, 32 rightHash i64,
//   40 rightId i32, 44 leftId i32, 48 zeroLevel i32, 52 listHead i32 (index node of the lefts whose
//   greatest neuron it is, −1 none), 56 pad. Seen and hits lag by what the left still owes.
// Left semi-context (LEFT_BYTES): 0 hash i64, 8 sensorMask i32, 12 neuronCount i32, 16 poolStart i32,
//   20 pred i32 and 72 maxWeight f64 (its contexts' greatest hit rate and the union of the right
//   facts reaching it; current when it owes nothing), 24 owed rows i32, 28 size i32, 32 big i32
//   (−1 none), 36 slots 8 × i32 (context id, −1 empty) in CPython's 8-slot order, 68 perfect i32
//   and 80 fresh i32 (bit per right id: perfect / never updated), 84 right id of each slot u8 ×8
//   (small dict; a big dict's slot is the right id, and its first i32 is then the set of right ids
//   held, L_BIG_RIGHTS), 92 zeroRights i32 (bit per right id: a zero-level context), 96 owed rows by
//   value level i32 ×8.

export const MIN = 0;
export const MAX = 8;
export const LEARN_MIN = 16;
export const LEARN_MAX = 20;
export const THRESHOLD = 24;
export const BASE_THRESHOLD = 32;
export const REST_PERIOD = 40;
export const EVENTS = 48;
export const LAST_HIGH = 56;
export const MAX_LEN = 64;
export const MAX_ACTIVE = 68;
export const BITS = 72;
export const MAX_CONTEXTS = 76;
export const PRED_MASK = 80;
export const GROUP_SENSORS = 84;
export const GROUP_NEURONS = 88;
export const NEW_CONTEXT_ID = 92;
export const HAS_GROUP = 96;
export const CROSS_LEFTS = 104;
export const RIGHT_COUNT = 108;
export const RANGE_PADDING = 264;
/** Address of the zero-level lefts' index (context-zero-index.ts); not saved, rebuilt on load. */
export const ZERO_INDEX: usize = 244;
/** Address of the lefts' lists by greatest neuron (context-left-lists.ts); not saved, rebuilt on load. */
export const LEFT_LISTS: usize = 248;
/** Address of the lefts' settle bounds (context-settle-bounds.ts); not saved, fresh on load. */
export const SETTLE_BOUNDS: usize = 252;
export const R_CONTEXTS: usize = 112;
export const R_LEFTS: usize = 124;
export const R_POOL: usize = 136;
export const R_NODES: usize = 148;
export const R_BIG: usize = 160;
export const R_LEFT_HASH: usize = 172;
export const R_ZERO_BITS: usize = 184;
export const R_FULL: usize = 196;
/** Bit per context id: it is a neuron fact of the current fact group (set by crossLeft). */
export const R_GROUP_BITS: usize = 208;
export const R_POT: usize = 220;
export const R_POT_SET: usize = 232;
/** Row stamp of the proposals' set: its len counts this row's entries only. */
export const POT_SET_STAMP = 256;
/** Rows (i32 × 8 by value level, then their total) context 0 was skipped while its left owed them. */
export const CORR0: usize = 272;
export const CORR0_TOTAL: usize = 304;
/** This row's active contexts: how many, how many are in TOP_OFF, the least activations there. */
export const ACTIVE_N: usize = 308;
export const TOP_K: usize = 312;
export const TOP_MIN: usize = 320;
export const NEURONS: usize = 328;
/** Inline arrays after the neuron ids (whose size depends on maxActive). */
export const RIGHT_BY_MASK_OFF: usize = 0;
export const RIGHT_MASK_OFF: usize = 256;
export const RIGHT_HASH_OFF: usize = 384;
export const SENSOR_ONLY_OFF: usize = 640;
/** One left semi-context's neuron facts present last row (≤ maxLen ≤ 64 ids). */
export const MATCH_OFF: usize = 896;
/** Sensor facts of each value level (2^valueBits i32). */
export const BIN_MASK_OFF: usize = 1152;
/** Per value level: bit r set when right semi-context r's facts are all among the level's. */
export const SUB_RIGHTS_OFF: usize = 1184;
/** Per value level: bit r set when right semi-context r shares a fact with the level. */
export const MEET_RIGHTS_OFF: usize = 1216;
/** The maxActive (≤ 64) greatest active contexts so far this row, a min-heap by sort key (context-neurons.ts). */
export const TOP_OFF: usize = 1248;
export const INLINE_TAIL_BYTES: usize = 1504;

export const R_PTR = 0;
export const R_LEN = 4;
export const R_CAP = 8;

export const CTX_BYTES: usize = 64;
export const C_SEEN = 0;
export const C_HITS = 8;
export const C_ACTIVATIONS = 16;
export const C_LEFT_HASH = 24;
export const C_RIGHT_HASH = 32;
export const C_RIGHT_ID = 40;
export const C_LEFT_ID = 44;
export const C_ZERO = 48;
export const C_HEAD = 52;

export const LEFT_BYTES: usize = 128;
export const L_HASH = 0;
export const L_SENSORS = 8;
export const L_NEURONS = 12;
export const L_POOL = 16;
/** Union of the right facts of its contexts of greatest hit rate (see L_MAX_WEIGHT). */
export const L_PRED = 20;
/** Rows its contexts' statistics still owe (L_PEND holds them by value level). */
export const L_PEND_TOTAL = 24;
export const L_SIZE = 28;
export const L_BIG = 32;
export const L_SLOTS = 36;
/** The greatest hit rate among its contexts (f64), kept current with L_PRED. */
export const L_MAX_WEIGHT = 72;
/** Bit per right id: its context was updated, and every time all its right facts were present. */
export const L_PERFECT = 68;
/** Bit per right id: its context was never updated. */
export const L_FRESH = 80;
/** Right id (u8) of each of the 8 slots, while the dict is small. */
export const L_RIDS = 84;
/** Bit per right id holding a context, once the dict is big (in L_RIDS's bytes, unused then). */
export const L_BIG_RIGHTS = 84;
/** Bit per right id: its context is zero-level. */
export const L_ZERO_RIGHTS = 92;
/** Owed rows per value level, i32 × 8. */
export const L_PEND = 96;
/** A left settles once it owes this many rows (flushLeft's i32 sums stay far from overflow). */
export const MAX_OWED = 1 << 24;

export const SENSOR_FACT_BASE: i64 = 65536;
export const NEURON_FACT_BASE: i64 = 2147483648;

// ── regions ──

// @ts-ignore: decorator
@inline
export function regionPtr(s: usize, r: usize): usize {
  return load<usize>(s + r, R_PTR);
}

// @ts-ignore: decorator
@inline
export function regionLen(s: usize, r: usize): i32 {
  return load<i32>(s + r, R_LEN);
}

// @ts-ignore: decorator
@inline
export function setRegionLen(s: usize, r: usize, n: i32): void {
  store<i32>(s + r, n, R_LEN);
}

/** Room for `n` elements of `bytes` each in region `r` (contents kept, new bytes filled with `fill`). */
export function reserve(s: usize, r: usize, n: i32, bytes: usize, fill: u8): usize {
  const cap = load<i32>(s + r, R_CAP);
  const old = load<usize>(s + r, R_PTR);
  if (n <= cap) return old;
  let next = max(cap * 2, 16);
  while (next < n) next *= 2;
  const p = heap.alloc(<usize>next * bytes);
  if (old != 0) {
    memory.copy(p, old, <usize>cap * bytes);
    heap.free(old);
  }
  memory.fill(p + <usize>cap * bytes, fill, <usize>(next - cap) * bytes);
  store<usize>(s + r, p, R_PTR);
  store<i32>(s + r, next, R_CAP);
  return p;
}

/** Appends one i32 to an i32 region. */
// @ts-ignore: decorator
@inline
export function pushI32(s: usize, r: usize, v: i32): void {
  const n = regionLen(s, r);
  const p = n < load<i32>(s + r, R_CAP) ? regionPtr(s, r) : reserve(s, r, n + 1, 4, 0);
  store<i32>(p + (<usize>n << 2), v);
  setRegionLen(s, r, n + 1);
}

// @ts-ignore: decorator
@inline
export function tail(s: usize): usize {
  return s + NEURONS + (<usize>load<i32>(s, MAX_ACTIVE) << 2);
}

// @ts-ignore: decorator
@inline
export function ctxAt(s: usize, id: i32): usize {
  return regionPtr(s, R_CONTEXTS) + <usize>id * CTX_BYTES;
}

// @ts-ignore: decorator
@inline
export function leftAt(s: usize, id: i32): usize {
  return regionPtr(s, R_LEFTS) + <usize>id * LEFT_BYTES;
}
