// DETECTOR_CONTEXT: the Contextual Anomaly Detector, Open Source Edition (CAD OSE; M. Smirnov,
// 2016), the detector NAB lists at 69.9 (standard profile). A port of NAB's own Python
// (nab/detectors/context_ose/cad_ose.py, context_operator.py) that reproduces its scores exactly on
// every NAB file when given the file's range; src/reference/detectors/context-reference.ts is the
// line-by-line TypeScript transcription it is tested against.
//
// Method. Each value is quantised to valueBits bits over [inputMin, inputMax] (8 levels by
// default); bit b of the level becomes the "sensor fact" 2b + bit. A context is a pair
// (left facts → right facts): left = the previous step's facts (its sensor facts plus the ids of up
// to maxActiveNeurons "active" contexts, the "neuron facts"), right = the current sensor facts.
// Contexts are stored as a left and a right semi-context (shared between contexts), and learn
// how often their right side followed their left side. Every step:
//   1. the zero-level context (previous facts → current sensor facts) is found or made;
//   2. the contexts whose left side was fully present last step are "selected"; those whose right
//      side is fully present now are "active". If step 1 made a new context, partial overlaps of
//      zero-level contexts with the input propose new, smaller contexts;
//   3. the most often activated active contexts (ties by Python's tuple hashes) become neuron facts;
//   4. the proposed contexts are stored, and the contexts whose left side is now fully present and
//      whose hit rate is highest predict the next sensor facts.
// Raw score = 0 if every current sensor fact was predicted, else
//   (1 − active/selected + new contexts/proposed contexts) / 2:
// many surprises among known contexts and a burst of novel structure both raise it. After a raw
// score ≥ baseThreshold, the next restPeriod rows report 0 (and the first restPeriod rows too: CAD's
// initial history holds a 1.0); NAB passed restPeriod = probation / 5 = min(⌊0.15·n⌋, 750) / 5.
//
// Output: score = that score; expected/lower/upper = the hull of the value levels whose every bit
// was predicted (lower edge of the lowest, upper edge of the highest; the top level is the single
// value inputMax), NaN when nothing was predicted; direction = the side of that band the value fell
// on (0 inside or without a band); warmup = the first restPeriod rows; anomaly = score ≥ threshold.
//
// Exactness. Python chose neurons by tuple hash and gave contexts ids in CPython 2.7's dict order;
// both shape the result, so both are reproduced: hashes are Python 2.7's 64-bit tuple hash, and a
// left semi-context's contexts are walked in CPython's slot order (8-slot table with CPython's
// probing up to 5 entries, then one slot per right id, since right ids are < 32 — which is why
// valueBits ≤ 3: at most 3^3 − 1 = 26 right semi-contexts). Python's `False != contextID` skips
// context 0 whenever no zero-level context is new (False == 0); kept.
//
// What is not Python's:
// - maxContexts bounds memory and work. Once full, no context (nor semi-context) is made any more;
//   the model keeps updating its statistics and predicting with what it has ("freezes"). NAB's
//   largest model is 63,892 contexts (art_noisy, white noise: ~16 new contexts per row); every
//   other file stays under 12,500. With the default 65,536 nothing freezes on NAB.
// - a level outside [inputMin, inputMax] is clamped to the lowest/highest level (Python would make
//   extra facts; NAB never hits this, its range is the file's).
// - inputMin/inputMax = NaN: the range is learned from the values seen so far, including the
//   current one, and every value is quantised with the range of its own step. When a value passes
//   a learned bound, the bound moves to the value plus rangePadding × the new range beyond it, so
//   the levels are re-quantised rarely (each time, the learned contexts keep their facts, which now
//   stand for wider levels). Tried on NAB (standard profile, corpus-wide threshold): padding 0 →
//   47.7, 0.1 → 48.2, 0.25 → 44.7, 0.5 → 49.9, 1 → 55.2, 2 → 51.5, 4 → 39.6; default 1.
// - dedupe of proposed contexts (for "proposed contexts" above) is by (left tuple hash, right
//   facts) rather than by tuple equality: a 64-bit hash collision would merge two (never seen).
//
// Cost. Per row, nothing scans the model; the work is:
// - finding the fully present left semi-contexts ("full lefts"): each left with neuron facts is
//   listed once, under its greatest neuron id, with its sensor facts and a 32-bit signature of its
//   other neurons; a row walks the lists of its ≤ maxActive neurons, drops entries whose sensor
//   facts or signature rule them out, and checks the rest against a bitset of the group's neurons.
//   Sensor-only lefts are looked up by mask (≤ 2^valueBits). On NAB's nyc_taxi: ~310 list entries,
//   ~53 checked, ~43 full, per row (the inverted lists of every neuron were ~2,200 entries).
// - updating their contexts' statistics lazily: a full left only counts the row under the value
//   level that followed (L_PEND), and its contexts' seen/hits are settled when someone reads them
//   (flushLeft: before a context joins the left, or when a prediction needs exact hit rates).
//   The active contexts (all right facts present) are found by right id (≤ 2^valueBits − 1 per
//   left), get activations += 1 at once and are offered to the running top maxActive. Which
//   contexts have hit rate exactly 1 ("perfect": updated, and every time all right facts were
//   present) is kept exactly with bit operations over right ids (< 32).
// - predicting: if any full left holds a perfect context, the greatest hit rate is 1 and the
//   prediction is the union of the perfect contexts' right facts (no hit rate computed); else the
//   full lefts are settled and each left's cached (greatest hit rate, union of its right facts)
//   is combined. On nyc_taxi ~60% of rows take the first path.
// - only on rows that made a new zero-level context: one pass over the left semi-contexts holding
//   a zero-level context (Python's crossed list), skipping at once those whose zero-level
//   contexts' right facts cannot meet this row's. This, and the proposals it makes (each a tuple
//   hash and a set insert, ~290 distinct per row on white noise), is the part that grows with
//   the model; it is bounded by maxContexts (once full, no row makes a zero-level context).
// So a row's work is set by its full lefts (≤ 26 contexts each), its active contexts and the
// index lists of its ≤ maxActive neurons — not by a scan of the model — except on rows that learn
// a new context. It is still not constant: on nyc_taxi ~43 full lefts, ~116 active contexts and
// ~310 list entries a row, all of which CAD's output depends on (every active context's
// activation count can decide the next neurons).
// Values must be finite (the host filters them).
//
// Params (f64 words): 0 inputMin (NaN = learn), 1 inputMax (NaN = learn), 2 threshold,
// 3 restPeriod, 4 baseThreshold, 5 maxLeftSemiContextLength, 6 maxActiveNeurons, 7 valueBits (1..3),
// 8 maxContexts, 9 rangePadding. Defaults (src/reference/detectors/context-reference.ts,
// CONTEXT_DEFAULTS): NaN, NaN, 0.5, 150, 0.75, 7, 15, 3, 65536, 1 — CAD's own for its parameters;
// threshold 0.5 and rangePadding 1 are eddy's, chosen on NAB for the learned-range (streaming) case
// (corpus-wide sweeps; with the file's range NAB's best threshold is 0.705).
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
//   244  (unused)            12 bytes
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
//   (small dict only; a big dict's slot is the right id), 92 zeroRights i32 (bit per right id: a
//   zero-level context), 96 owed rows by value level i32 ×8.

import { sideOf, writeRow } from './detector-row';
import { DETECTOR_CONTEXT } from './detector-output';
import { CONTEXT_STATE_VERSION, STATE_FORMAT_BYTES, stateFormatWord } from './detector-state-format';

const MIN = 0;
const MAX = 8;
const LEARN_MIN = 16;
const LEARN_MAX = 20;
const THRESHOLD = 24;
const BASE_THRESHOLD = 32;
const REST_PERIOD = 40;
const EVENTS = 48;
const LAST_HIGH = 56;
const MAX_LEN = 64;
const MAX_ACTIVE = 68;
const BITS = 72;
const MAX_CONTEXTS = 76;
const PRED_MASK = 80;
const GROUP_SENSORS = 84;
const GROUP_NEURONS = 88;
const NEW_CONTEXT_ID = 92;
const HAS_GROUP = 96;
const CROSS_LEFTS = 104;
const RIGHT_COUNT = 108;
const RANGE_PADDING = 264;
const R_CONTEXTS: usize = 112;
const R_LEFTS: usize = 124;
const R_POOL: usize = 136;
const R_NODES: usize = 148;
const R_BIG: usize = 160;
const R_LEFT_HASH: usize = 172;
const R_ZERO_BITS: usize = 184;
const R_FULL: usize = 196;
/** Bit per context id: it is a neuron fact of the current fact group (set by crossLeft). */
const R_GROUP_BITS: usize = 208;
const R_POT: usize = 220;
const R_POT_SET: usize = 232;
/** Row stamp of the proposals' set: its len counts this row's entries only. */
const POT_SET_STAMP = 256;
/** Rows (i32 × 8 by value level, then their total) context 0 was skipped while its left owed them. */
const CORR0: usize = 272;
const CORR0_TOTAL: usize = 304;
/** This row's active contexts: how many, how many are in TOP_OFF, the least activations there. */
const ACTIVE_N: usize = 308;
const TOP_K: usize = 312;
const TOP_MIN: usize = 320;
const NEURONS: usize = 328;
/** Inline arrays after the neuron ids (whose size depends on maxActive). */
const RIGHT_BY_MASK_OFF: usize = 0;
const RIGHT_MASK_OFF: usize = 256;
const RIGHT_HASH_OFF: usize = 384;
const SENSOR_ONLY_OFF: usize = 640;
/** One left semi-context's neuron facts present last row (≤ maxLen ≤ 64 ids). */
const MATCH_OFF: usize = 896;
/** Sensor facts of each value level (2^valueBits i32). */
const BIN_MASK_OFF: usize = 1152;
/** Per value level: bit r set when right semi-context r's facts are all among the level's. */
const SUB_RIGHTS_OFF: usize = 1184;
/** Per value level: bit r set when right semi-context r shares a fact with the level. */
const MEET_RIGHTS_OFF: usize = 1216;
/** The maxActive (≤ 64) greatest active contexts so far this row, ascending by sort key. */
const TOP_OFF: usize = 1248;
const INLINE_TAIL_BYTES: usize = 1504;

const R_PTR = 0;
const R_LEN = 4;
const R_CAP = 8;

const CTX_BYTES: usize = 64;
const C_SEEN = 0;
const C_HITS = 8;
const C_ACTIVATIONS = 16;
const C_LEFT_HASH = 24;
const C_RIGHT_HASH = 32;
const C_RIGHT_ID = 40;
const C_LEFT_ID = 44;
const C_ZERO = 48;
const C_HEAD = 52;

const LEFT_BYTES: usize = 128;
const L_HASH = 0;
const L_SENSORS = 8;
const L_NEURONS = 12;
const L_POOL = 16;
/** Union of the right facts of its contexts of greatest hit rate (see L_MAX_WEIGHT). */
const L_PRED = 20;
/** Rows its contexts' statistics still owe (L_PEND holds them by value level). */
const L_PEND_TOTAL = 24;
const L_SIZE = 28;
const L_BIG = 32;
const L_SLOTS = 36;
/** The greatest hit rate among its contexts (f64), kept current with L_PRED. */
const L_MAX_WEIGHT = 72;
/** Bit per right id: its context was updated, and every time all its right facts were present. */
const L_PERFECT = 68;
/** Bit per right id: its context was never updated. */
const L_FRESH = 80;
/** Right id (u8) of each of the 8 slots, while the dict is small. */
const L_RIDS = 84;
/** Bit per right id: its context is zero-level. */
const L_ZERO_RIGHTS = 92;
/** Owed rows per value level, i32 × 8. */
const L_PEND = 96;
/** A left settles once it owes this many rows (flushLeft's i32 sums stay far from overflow). */
const MAX_OWED = 1 << 24;

const SENSOR_FACT_BASE: i64 = 65536;
const NEURON_FACT_BASE: i64 = 2147483648;

// ── regions ──

// @ts-ignore: decorator
@inline
function regionPtr(s: usize, r: usize): usize {
  return load<usize>(s + r, R_PTR);
}

// @ts-ignore: decorator
@inline
function regionLen(s: usize, r: usize): i32 {
  return load<i32>(s + r, R_LEN);
}

// @ts-ignore: decorator
@inline
function setRegionLen(s: usize, r: usize, n: i32): void {
  store<i32>(s + r, n, R_LEN);
}

/** Room for `n` elements of `bytes` each in region `r` (contents kept, new bytes filled with `fill`). */
function reserve(s: usize, r: usize, n: i32, bytes: usize, fill: u8): usize {
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
function pushI32(s: usize, r: usize, v: i32): void {
  const n = regionLen(s, r);
  const p = n < load<i32>(s + r, R_CAP) ? regionPtr(s, r) : reserve(s, r, n + 1, 4, 0);
  store<i32>(p + (<usize>n << 2), v);
  setRegionLen(s, r, n + 1);
}

// @ts-ignore: decorator
@inline
function tail(s: usize): usize {
  return s + NEURONS + (<usize>load<i32>(s, MAX_ACTIVE) << 2);
}

// @ts-ignore: decorator
@inline
function ctxAt(s: usize, id: i32): usize {
  return regionPtr(s, R_CONTEXTS) + <usize>id * CTX_BYTES;
}

// @ts-ignore: decorator
@inline
function leftAt(s: usize, id: i32): usize {
  return regionPtr(s, R_LEFTS) + <usize>id * LEFT_BYTES;
}

// ── Python 2.7's tuple hash, fed one fact at a time ──

/** x ← (x ^ fact) · mult; mult += 82520 + 2·(facts still to come), as tuplehash does. */
// @ts-ignore: decorator
@inline
function hashFact(x: i64, mult: i64, fact: i64): i64 {
  return (x ^ fact) * mult;
}

// @ts-ignore: decorator
@inline
function hashEnd(x: i64): i64 {
  const h = x + 97531;
  return h == -1 ? -2 : h;
}

/** Hash of the sorted tuple (sensor facts of `sensors`, then 2^31 + each of the `n` ids at `ids`). */
function tupleHash(sensors: i32, ids: usize, n: i32): i64 {
  let len = popcnt(sensors) + n;
  let x: i64 = 0x345678;
  let mult: i64 = 1000003;
  let m = sensors;
  while (m != 0) {
    const bit = ctz(m);
    m &= m - 1;
    len--;
    x = hashFact(x, mult, SENSOR_FACT_BASE + <i64>bit);
    mult += 82520 + <i64>(len + len);
  }
  for (let i = 0; i < n; i++) {
    len--;
    x = hashFact(x, mult, NEURON_FACT_BASE + <i64>load<i32>(ids + (<usize>i << 2)));
    mult += 82520 + <i64>(len + len);
  }
  return hashEnd(x);
}

// ── left semi-contexts by hash ──

// @ts-ignore: decorator
@inline
function hashSlot(h: i64, mask: i32): i32 {
  const z = <u64>h * 0x9E3779B97F4A7C15;
  return <i32>(z >> 32) & mask;
}

/** The left semi-context of hash h, or −1. */
function findLeft(s: usize, h: i64): i32 {
  const cap = load<i32>(s + R_LEFT_HASH, R_CAP);
  if (cap == 0) return -1;
  const t = regionPtr(s, R_LEFT_HASH);
  const mask = cap - 1;
  let i = hashSlot(h, mask);
  for (;;) {
    const e = t + (<usize>i << 4);
    const v = load<i32>(e, 8);
    if (v == 0) return -1;
    if (load<i64>(e) == h) return v - 1;
    i = (i + 1) & mask;
  }
  return -1; // not reached: the table is at most half full
}

function insertLeftHash(t: usize, mask: i32, h: i64, id: i32): void {
  let i = hashSlot(h, mask);
  while (load<i32>(t + (<usize>i << 4), 8) != 0) i = (i + 1) & mask;
  const e = t + (<usize>i << 4);
  store<i64>(e, h);
  store<i32>(e, id + 1, 8);
}

/** Records left semi-context `id` under hash h, doubling the table at half load. */
function addLeftHash(s: usize, h: i64, id: i32): void {
  const cap = load<i32>(s + R_LEFT_HASH, R_CAP);
  const n = regionLen(s, R_LEFT_HASH) + 1;
  if (n * 2 > cap) {
    const next = max(cap * 2, 64);
    const t = heap.alloc(<usize>next << 4);
    memory.fill(t, 0, <usize>next << 4);
    const old = regionPtr(s, R_LEFT_HASH);
    for (let i = 0; i < cap; i++) {
      const e = old + (<usize>i << 4);
      const v = load<i32>(e, 8);
      if (v != 0) insertLeftHash(t, next - 1, load<i64>(e), v - 1);
    }
    if (old != 0) heap.free(old);
    store<usize>(s + R_LEFT_HASH, t, R_PTR);
    store<i32>(s + R_LEFT_HASH, next, R_CAP);
  }
  insertLeftHash(regionPtr(s, R_LEFT_HASH), load<i32>(s + R_LEFT_HASH, R_CAP) - 1, h, id);
  setRegionLen(s, R_LEFT_HASH, n);
}

// ── a left semi-context's {right id → context id}, in CPython 2.7's dict order ──

/** The context of (left l, right id r), or −1. */
function dictGet(s: usize, l: usize, r: i32): i32 {
  const big = load<i32>(l, L_BIG);
  if (big >= 0) return load<i32>(regionPtr(s, R_BIG) + (<usize>big << 7) + (<usize>r << 2));
  let i = r & 7;
  let perturb = r;
  for (;;) {
    const c = load<i32>(l + L_SLOTS + (<usize>i << 2));
    if (c < 0) return -1;
    if (load<i32>(ctxAt(s, c), C_RIGHT_ID) == r) return c;
    i = (i * 5 + perturb + 1) & 7;
    perturb >>= 5;
  }
  return -1; // not reached: at most 5 of the 8 slots are used
}

/**
 * Inserts (right id r → context c), not present. CPython resizes an 8-slot table when its 6th key
 * arrives, to 32 slots (4·6 = 24 → 32); keys < 32 then sit at slot = key, which later resizes keep.
 */
function dictInsert(s: usize, leftId: i32, r: i32, c: i32): void {
  let l = leftAt(s, leftId);
  const size = load<i32>(l, L_SIZE) + 1;
  store<i32>(l, size, L_SIZE);
  let big = load<i32>(l, L_BIG);
  if (big < 0 && size < 6) {
    let i = r & 7;
    let perturb = r;
    while (load<i32>(l + L_SLOTS + (<usize>i << 2)) >= 0) {
      i = (i * 5 + perturb + 1) & 7;
      perturb >>= 5;
    }
    store<i32>(l + L_SLOTS + (<usize>i << 2), c);
    store<u8>(l + L_RIDS + <usize>i, <u8>r);
    return;
  }
  if (big < 0) {
    big = regionLen(s, R_BIG);
    const p = reserve(s, R_BIG, big + 1, 128, 0xff);
    setRegionLen(s, R_BIG, big + 1);
    l = leftAt(s, leftId);
    store<i32>(l, big, L_BIG);
    const block = p + (<usize>big << 7);
    for (let i = 0; i < 8; i++) {
      const old = load<i32>(l + L_SLOTS + (<usize>i << 2));
      if (old >= 0) store<i32>(block + (<usize>load<i32>(ctxAt(s, old), C_RIGHT_ID) << 2), old);
    }
  }
  store<i32>(regionPtr(s, R_BIG) + (<usize>big << 7) + (<usize>r << 2), c);
}

// ── making contexts ──

/**
 * getContextByFacts for one (left, right) pair: left = sensor facts `sensors` plus the `n` neuron
 * ids at `ids` (ascending), hashing to leftHash; right = sensor facts `rightMask`. Returns the
 * context id, with bit 31 set when it was made now; −1 when it is new but the memory is full.
 */
function findOrAdd(s: usize, sensors: i32, ids: usize, n: i32, leftHash: i64, rightMask: i32, zeroLevel: bool): i32 {
  const t = tail(s);
  let leftId = findLeft(s, leftHash);
  let rightId = load<i32>(t + RIGHT_BY_MASK_OFF + (<usize>rightMask << 2));
  if (leftId >= 0 && rightId >= 0) {
    const c = dictGet(s, leftAt(s, leftId), rightId);
    if (c >= 0) return c;
  }
  const id = regionLen(s, R_CONTEXTS);
  if (id >= load<i32>(s, MAX_CONTEXTS)) return -1;
  if (leftId < 0) leftId = addLeft(s, sensors, ids, n, leftHash);
  if (rightId < 0) {
    rightId = load<i32>(s, RIGHT_COUNT);
    store<i32>(s, rightId + 1, RIGHT_COUNT);
    store<i32>(t + RIGHT_BY_MASK_OFF + (<usize>rightMask << 2), rightId);
    store<i32>(t + RIGHT_MASK_OFF + (<usize>rightId << 2), rightMask);
    store<i64>(t + RIGHT_HASH_OFF + (<usize>rightId << 3), tupleHash(rightMask, 0, 0));
    const maxBin = (1 << load<i32>(s, BITS)) - 1;
    for (let b = 0; b <= maxBin; b++) {
      const level = load<i32>(t + BIN_MASK_OFF + (<usize>b << 2));
      if ((rightMask & ~level) == 0) {
        const w = t + SUB_RIGHTS_OFF + (<usize>b << 2);
        store<i32>(w, load<i32>(w) | (1 << rightId));
      }
      if ((rightMask & level) != 0) {
        const w = t + MEET_RIGHTS_OFF + (<usize>b << 2);
        store<i32>(w, load<i32>(w) | (1 << rightId));
      }
    }
  }
  const cp = reserve(s, R_CONTEXTS, id + 1, CTX_BYTES, 0) + <usize>id * CTX_BYTES;
  setRegionLen(s, R_CONTEXTS, id + 1);
  store<f64>(cp, 0, C_SEEN);
  store<f64>(cp, 0, C_HITS);
  store<f64>(cp, 0, C_ACTIVATIONS);
  store<i64>(cp, leftHash, C_LEFT_HASH);
  store<i64>(cp, load<i64>(t + RIGHT_HASH_OFF + (<usize>rightId << 3)), C_RIGHT_HASH);
  store<i32>(cp, rightId, C_RIGHT_ID);
  store<i32>(cp, leftId, C_LEFT_ID);
  store<i32>(cp, 0, C_ZERO);
  store<i32>(cp, -1, C_HEAD);
  // The left's owed rows are settled first: the new context owes none.
  flushLeft(s, leftAt(s, leftId));
  dictInsert(s, leftId, rightId, id);
  // A new context has hit rate 0: it joins its left's prediction when that is at 0.
  const lp = leftAt(s, leftId);
  store<i32>(lp, load<i32>(lp, L_FRESH) | (1 << rightId), L_FRESH);
  if (load<f64>(lp, L_MAX_WEIGHT) == 0) store<i32>(lp, load<i32>(lp, L_PRED) | rightMask, L_PRED);
  reserve(s, R_GROUP_BITS, (id >> 5) + 1, 4, 0);
  if (zeroLevel) markZeroLevel(s, id);
  return id | (1 << 31);
}

/** One bit of 32 per context id: a left's other neurons can only all be in the group when their bits all are. */
// @ts-ignore: decorator
@inline
function neuronSig(c: i32): i32 {
  return 1 << (<i32>(<u32>c * 0x9E3779B1 >> 27));
}

/** A new left semi-context (its facts, hash, index entry under its greatest neuron). */
function addLeft(s: usize, sensors: i32, ids: usize, n: i32, h: i64): i32 {
  const id = regionLen(s, R_LEFTS);
  const lp = reserve(s, R_LEFTS, id + 1, LEFT_BYTES, 0) + <usize>id * LEFT_BYTES;
  setRegionLen(s, R_LEFTS, id + 1);
  const start = regionLen(s, R_POOL);
  store<i64>(lp, h, L_HASH);
  store<i32>(lp, sensors, L_SENSORS);
  store<i32>(lp, n, L_NEURONS);
  store<i32>(lp, start, L_POOL);
  store<i32>(lp, 0, L_PRED);
  store<f64>(lp, 0, L_MAX_WEIGHT);
  store<i32>(lp, 0, L_ZERO_RIGHTS);
  store<i32>(lp, 0, L_SIZE);
  store<i32>(lp, -1, L_BIG);
  memory.fill(lp + L_SLOTS, 0xff, 32);
  const pool = reserve(s, R_POOL, start + n, 4, 0);
  setRegionLen(s, R_POOL, start + n);
  for (let i = 0; i < n; i++) store<i32>(pool + (<usize>(start + i) << 2), load<i32>(ids + (<usize>i << 2)));
  if (n > 0) {
    // Indexed under its greatest neuron id only: crossLeft finds it when that neuron is a fact.
    const node = regionLen(s, R_NODES);
    const np = reserve(s, R_NODES, node + 1, 16, 0) + (<usize>node << 4);
    setRegionLen(s, R_NODES, node + 1);
    const cp = ctxAt(s, load<i32>(ids + (<usize>(n - 1) << 2)));
    let sig = 0;
    for (let i = 0; i < n - 1; i++) sig |= neuronSig(load<i32>(ids + (<usize>i << 2)));
    store<i32>(np, id);
    store<i32>(np, sensors, 4);
    store<i32>(np, load<i32>(cp, C_HEAD), 8);
    store<i32>(np, sig, 12);
    store<i32>(cp, node, C_HEAD);
  }
  if (n == 0) store<i32>(tail(s) + SENSOR_ONLY_OFF + (<usize>sensors << 2), id);
  const words = (id >> 5) + 1;
  reserve(s, R_ZERO_BITS, words, 4, 0);
  if (regionLen(s, R_ZERO_BITS) < words) setRegionLen(s, R_ZERO_BITS, words);
  addLeftHash(s, h, id);
  return id;
}

function markZeroLevel(s: usize, c: i32): void {
  const cp = ctxAt(s, c);
  store<i32>(cp, 1, C_ZERO);
  const l = load<i32>(cp, C_LEFT_ID);
  const lp = leftAt(s, l);
  store<i32>(lp, load<i32>(lp, L_ZERO_RIGHTS) | (1 << load<i32>(cp, C_RIGHT_ID)), L_ZERO_RIGHTS);
  const w = regionPtr(s, R_ZERO_BITS) + (<usize>(l >> 5) << 2);
  store<i32>(w, load<i32>(w) | (1 << (l & 31)));
}

// ── create / step ──

/** A new detector from the f64 params at `params` (order in the header); free it with ctxFree. */
export function ctxCreate(params: usize): usize {
  const maxActive = <i32>load<f64>(params, 48);
  const bytes = NEURONS + (<usize>maxActive << 2) + INLINE_TAIL_BYTES;
  const s = heap.alloc(bytes);
  memory.fill(s, 0, bytes);
  const inputMin = load<f64>(params, 0);
  const inputMax = load<f64>(params, 8);
  store<i32>(s, isNaN(inputMin) ? 1 : 0, LEARN_MIN);
  store<i32>(s, isNaN(inputMax) ? 1 : 0, LEARN_MAX);
  store<f64>(s, isNaN(inputMin) ? Infinity : inputMin, MIN);
  store<f64>(s, isNaN(inputMax) ? -Infinity : inputMax, MAX);
  store<f64>(s, load<f64>(params, 16), THRESHOLD);
  store<f64>(s, load<f64>(params, 24), REST_PERIOD);
  store<f64>(s, load<f64>(params, 32), BASE_THRESHOLD);
  store<i32>(s, <i32>load<f64>(params, 40), MAX_LEN);
  store<i32>(s, maxActive, MAX_ACTIVE);
  store<i32>(s, <i32>load<f64>(params, 56), BITS);
  store<i32>(s, <i32>load<f64>(params, 64), MAX_CONTEXTS);
  store<f64>(s, load<f64>(params, 72), RANGE_PADDING);
  const t = tail(s);
  memory.fill(t + RIGHT_BY_MASK_OFF, 0xff, 256);
  memory.fill(t + SENSOR_ONLY_OFF, 0xff, 256);
  const bits = load<i32>(s, BITS);
  for (let j = 0; j < (1 << bits); j++) {
    let facts = 0;
    for (let b = 0; b < bits; b++) facts |= 1 << (b * 2 + ((j >> b) & 1));
    store<i32>(t + BIN_MASK_OFF + (<usize>j << 2), facts);
  }
  return s;
}

/** One row: quantise, score against last row's prediction, learn, predict the next row. */
export function ctxStep(s: usize, time: f64, value: f64, out: usize): void {
  const below = load<i32>(s, LEARN_MIN) != 0 && value < load<f64>(s, MIN);
  const above = load<i32>(s, LEARN_MAX) != 0 && value > load<f64>(s, MAX);
  if (below || above) {
    const range = max(load<f64>(s, MAX), value) - min(load<f64>(s, MIN), value);
    const pad = load<f64>(s, RANGE_PADDING) * (range == Infinity ? 0 : range);
    if (below) store<f64>(s, value - pad, MIN);
    if (above) store<f64>(s, value + pad, MAX);
  }
  const lo = load<f64>(s, MIN);
  const bits = load<i32>(s, BITS);
  const maxBin = (1 << bits) - 1;
  let fullRange = load<f64>(s, MAX) - lo;
  if (fullRange == 0) fullRange = <f64>maxBin;
  const valueStep = fullRange / <f64>maxBin;
  const q = Math.trunc((value - lo) / valueStep);
  const bin = q >= <f64>maxBin ? maxBin : q <= 0 ? 0 : <i32>q;
  let sensors = 0;
  for (let b = 0; b < bits; b++) sensors |= 1 << (b * 2 + ((bin >> b) & 1));

  // The band: the hull of the levels whose every fact was predicted.
  const predMask = load<i32>(s, PRED_MASK);
  let first = -1;
  let last = -1;
  for (let j = 0; j <= maxBin; j++) {
    let facts = 0;
    for (let b = 0; b < bits; b++) facts |= 1 << (b * 2 + ((j >> b) & 1));
    if ((facts & ~predMask) != 0) continue;
    if (first < 0) first = j;
    last = j;
  }
  let lower = NaN;
  let upper = NaN;
  let expected = NaN;
  if (first >= 0) {
    lower = lo + <f64>first * valueStep;
    upper = last == maxBin ? lo + <f64>last * valueStep : lo + <f64>(last + 1) * valueStep;
    expected = (lower + upper) / 2;
  }

  const current = cadStep(s, sensors, bin, (sensors & ~predMask) == 0);

  const k = load<f64>(s, EVENTS) + 1;
  store<f64>(s, k, EVENTS);
  const rest = load<f64>(s, REST_PERIOD);
  const warmup = k <= rest;
  const score = load<f64>(s, LAST_HIGH) < k - rest ? current : 0.0;
  if (current >= load<f64>(s, BASE_THRESHOLD)) store<f64>(s, k, LAST_HIGH);
  const direction = first < 0 ? 0.0 : value > upper ? 1.0 : value < lower ? -1.0 : 0.0;
  writeRow(out, score, expected, lower, upper, direction, warmup, !warmup && score >= load<f64>(s, THRESHOLD));
}

/** cad_ose.py's step() and getAnomalyScore's raw score; `predicted`: every sensor fact was predicted. */
function cadStep(s: usize, sensors: i32, bin: i32, predicted: bool): f64 {
  const stamp = <i32>load<f64>(s, EVENTS) + 1;
  const groupSensors = load<i32>(s, GROUP_SENSORS);
  const groupNeurons = load<i32>(s, GROUP_NEURONS);
  const hasGroup = load<i32>(s, HAS_GROUP) != 0;
  let groupHash: i64 = 0;
  let willBeNew = false;
  if (hasGroup) {
    groupHash = tupleHash(groupSensors, s + NEURONS, groupNeurons);
    willBeNew = zeroIsNew(s, groupHash, sensors);
  }
  // updateContextsAndGetActive, over the left semi-contexts crossed last row. Python makes the
  // zero-level context first and skips it here; making it after is the same. Without a new one,
  // Python skips context 0 (False == 0).
  store<i32>(s, 0, ACTIVE_N);
  store<i32>(s, 0, TOP_K);
  const selected = updateFull(s, bin, !willBeNew);
  let newContext = false;
  if (hasGroup) {
    const c = findOrAdd(s, groupSensors, s + NEURONS, groupNeurons, groupHash, sensors, true);
    if (c != -1) {
      if ((c & (1 << 31)) != 0) {
        newContext = true;
        store<i32>(s, c & 0x7fffffff, NEW_CONTEXT_ID);
      } else {
        markZeroLevel(s, c);
      }
    }
  }

  let unique = 0;
  setRegionLen(s, R_POT, 0);
  if (newContext) unique = propose(s, sensors, bin, groupHash, stamp);
  store<i32>(s, 0, NEW_CONTEXT_ID);
  const nActive = load<i32>(s, ACTIVE_N);
  // The previous group's neuron facts leave the group bits (propose was their last reader).
  const bitsPtr = regionPtr(s, R_GROUP_BITS);
  for (let i = 0; i < groupNeurons; i++) {
    const c = load<i32>(s + NEURONS + (<usize>i << 2));
    const w = bitsPtr + (<usize>(c >> 5) << 2);
    store<i32>(w, load<i32>(w) & ~(1 << (c & 31)));
  }
  const selectedActive = selected > 0 ? <f64>nActive / <f64>selected : 0.0;

  finishNeurons(s);
  store<i32>(s, sensors, GROUP_SENSORS);
  store<i32>(s, 1, HAS_GROUP);

  // contextCrosser(leftOrRight=0): store the proposals, then cross the new fact group.
  let added = addProposed(s);
  crossLeft(s, sensors);

  if (newContext) added += 1;
  const addedShare = newContext && unique > 0 ? <f64>added / <f64>unique : 0.0;
  return predicted ? 0.0 : (1.0 - selectedActive + addedShare) / 2.0;
}

/** Whether findOrAdd would make the zero-level context (group → `sensors`) now. */
function zeroIsNew(s: usize, groupHash: i64, sensors: i32): bool {
  const leftId = findLeft(s, groupHash);
  const rightId = load<i32>(tail(s) + RIGHT_BY_MASK_OFF + (<usize>sensors << 2));
  if (leftId >= 0 && rightId >= 0 && dictGet(s, leftAt(s, leftId), rightId) >= 0) return false;
  return regionLen(s, R_CONTEXTS) < load<i32>(s, MAX_CONTEXTS);
}

/**
 * The statistics of the contexts of the left semi-contexts crossed last row, updated for this
 * row's sensor facts (level `bin`): seen += right length, hits += right facts present,
 * activations += 1 when all are (the active contexts). Seen and hits are owed, by level, until
 * someone reads them (flushLeft); which contexts are still perfect (hit rate 1) is kept exactly.
 * Returns the selected count. skip0: context 0 is not updated (Python's False == 0).
 */
function updateFull(s: usize, bin: i32, skip0: bool): i32 {
  const t = tail(s);
  const subRights = load<i32>(t + SUB_RIGHTS_OFF + (<usize>bin << 2));
  const left0 = skip0 && regionLen(s, R_CONTEXTS) > 0 ? load<i32>(ctxAt(s, 0), C_LEFT_ID) : -1;
  let selected = 0;
  const fullN = regionLen(s, R_FULL);
  for (let i = 0; i < fullN; i++) {
    const leftId = load<i32>(regionPtr(s, R_FULL) + (<usize>i << 2));
    const l = leftAt(s, leftId);
    // Context 0, when skipped, keeps its perfect/fresh state and is owed the row back (CORR0).
    let skip = -1;
    let keep = 0;
    if (leftId == left0) {
      skip = 0;
      keep = 1 << load<i32>(ctxAt(s, 0), C_RIGHT_ID);
      const corr = s + CORR0 + (<usize>bin << 2);
      store<i32>(corr, load<i32>(corr) + 1);
      store<i32>(s, load<i32>(s, CORR0_TOTAL) + 1, CORR0_TOTAL);
      selected--;
    }
    selected += load<i32>(l, L_SIZE);
    const perfect = load<i32>(l, L_PERFECT);
    const fresh = load<i32>(l, L_FRESH);
    store<i32>(l, ((perfect | fresh) & subRights & ~keep) | (perfect & keep), L_PERFECT);
    store<i32>(l, fresh & keep, L_FRESH);
    const pend = l + L_PEND + (<usize>bin << 2);
    store<i32>(pend, load<i32>(pend) + 1);
    const owed = load<i32>(l, L_PEND_TOTAL) + 1;
    store<i32>(l, owed, L_PEND_TOTAL);
    // Settled before the i32 sums in flushLeft (owed × 3) could overflow on a long stream.
    if (owed >= MAX_OWED) flushLeft(s, l);
    const big = load<i32>(l, L_BIG);
    if (big >= 0) {
      const slots = regionPtr(s, R_BIG) + (<usize>big << 7);
      let m = subRights;
      while (m != 0) {
        const r = ctz(m);
        m &= m - 1;
        const c = load<i32>(slots + (<usize>r << 2));
        if (c >= 0 && c != skip) activate(s, c);
      }
    } else {
      for (let j = 0; j < 8; j++) {
        const c = load<i32>(l + L_SLOTS + (<usize>j << 2));
        if (c >= 0 && c != skip && ((subRights >>> load<u8>(l + L_RIDS + <usize>j)) & 1) != 0) activate(s, c);
      }
    }
  }
  return selected;
}

// @ts-ignore: decorator
@inline
function activate(s: usize, c: i32): void {
  const cp = ctxAt(s, c);
  store<f64>(cp, load<f64>(cp, C_ACTIVATIONS) + 1, C_ACTIVATIONS);
  store<i32>(s, load<i32>(s, ACTIVE_N) + 1, ACTIVE_N);
  const activations = load<f64>(cp, C_ACTIVATIONS);
  // Most are fewer than the least of a full TOP_OFF: rejected here.
  if (activations >= load<f64>(s, TOP_MIN) || load<i32>(s, TOP_K) < load<i32>(s, MAX_ACTIVE)) offerNeuron(s, c, activations);
}

/**
 * Settles a left semi-context's owed rows into its contexts' seen and hits, and recomputes its
 * prediction: its greatest hit rate and the union of the right facts reaching it.
 */
function flushLeft(s: usize, l: usize): void {
  const total = load<i32>(l, L_PEND_TOTAL);
  if (total == 0) return;
  const t = tail(s);
  const pend = l + L_PEND;
  let levels = 0;
  for (let b = 0; b < 8; b++) if (load<i32>(pend + (<usize>b << 2)) != 0) levels |= 1 << b;
  const big = load<i32>(l, L_BIG);
  const slots: usize = big >= 0 ? regionPtr(s, R_BIG) + (<usize>big << 7) : l + L_SLOTS;
  const nSlots = big >= 0 ? 32 : 8;
  let maxWeight = 0.0;
  let predicted = 0;
  for (let j = 0; j < nSlots; j++) {
    const c = load<i32>(slots + (<usize>j << 2));
    if (c < 0) continue;
    const cp = ctxAt(s, c);
    const rightMask = load<i32>(t + RIGHT_MASK_OFF + (<usize>load<i32>(cp, C_RIGHT_ID) << 2));
    let hitsAdd = 0;
    let rows = total;
    let m = levels;
    while (m != 0) {
      const b = ctz(m);
      m &= m - 1;
      hitsAdd += load<i32>(pend + (<usize>b << 2)) * popcnt(rightMask & load<i32>(t + BIN_MASK_OFF + (<usize>b << 2)));
    }
    if (c == 0) {
      // The rows context 0 was skipped on (it lives in this left only).
      rows -= load<i32>(s, CORR0_TOTAL);
      for (let b = 0; b < 8; b++) hitsAdd -= load<i32>(s + CORR0 + (<usize>b << 2)) * popcnt(rightMask & load<i32>(t + BIN_MASK_OFF + (<usize>b << 2)));
      memory.fill(s + CORR0, 0, 36);
    }
    const seen = load<f64>(cp, C_SEEN) + <f64>(rows * popcnt(rightMask));
    const hits = load<f64>(cp, C_HITS) + <f64>hitsAdd;
    store<f64>(cp, seen, C_SEEN);
    store<f64>(cp, hits, C_HITS);
    const weight = seen > 0 ? hits / seen : 0.0;
    if (weight < maxWeight) continue;
    if (weight > maxWeight) {
      maxWeight = weight;
      predicted = rightMask;
    } else {
      predicted |= rightMask;
    }
  }
  store<f64>(l, maxWeight, L_MAX_WEIGHT);
  store<i32>(l, predicted, L_PRED);
  memory.fill(pend, 0, 32);
  store<i32>(l, 0, L_PEND_TOTAL);
}

/**
 * The potential new contexts of a row that made a zero-level context: for every zero-level
 * context of every left semi-context crossed last row (in id order, then dict order), the pair
 * (its left facts present last row, its right facts present now). Keeps the first of each pair;
 * returns how many distinct pairs there were, the zero-level context's own pair included.
 */
function propose(s: usize, sensors: i32, bin: i32, groupHash: i64, stamp: i32): i32 {
  const t = tail(s);
  const maxLen = load<i32>(s, MAX_LEN);
  const skip = load<i32>(s, NEW_CONTEXT_ID);
  const groupBits = regionPtr(s, R_GROUP_BITS);
  const prevSensors = load<i32>(s, GROUP_SENSORS);
  const potBytes = <usize>(16 + (maxLen << 2) + 7) & ~7;
  // Zero-level contexts whose right facts meet this row's; those all present are left out when
  // their left was fully present.
  const meetRights = load<i32>(t + MEET_RIGHTS_OFF + (<usize>bin << 2));
  const subRights = load<i32>(t + SUB_RIGHTS_OFF + (<usize>bin << 2));
  let unique = 0;
  const groupSeen = seenInsert(s, groupHash, sensors, stamp);
  if (groupSeen) unique++;
  const nLefts = load<i32>(s, CROSS_LEFTS);
  const words = (nLefts + 31) >> 5;
  for (let w = 0; w < words; w++) {
    let bitsLeft = load<i32>(regionPtr(s, R_ZERO_BITS) + (<usize>w << 2));
    while (bitsLeft != 0) {
      const leftId = (w << 5) + ctz(bitsLeft);
      bitsLeft &= bitsLeft - 1;
      if (leftId >= nLefts) break;
      const l = leftAt(s, leftId);
      const candidates = load<i32>(l, L_ZERO_RIGHTS) & meetRights;
      if (candidates == 0) continue;
      const sensorMatch = load<i32>(l, L_SENSORS) & prevSensors;
      // The left facts present last row: its sensor facts among the group's, then its neuron
      // facts among the group's (still in the group bits), ascending.
      const room = maxLen - popcnt(sensorMatch);
      if (room < 0) continue;
      const match = t + MATCH_OFF;
      let k = 0;
      const start = load<i32>(l, L_POOL);
      const count = load<i32>(l, L_NEURONS);
      const pool = regionPtr(s, R_POOL) + (<usize>start << 2);
      for (let i = 0; i < count; i++) {
        const id = load<i32>(pool + (<usize>i << 2));
        if ((load<i32>(groupBits + (<usize>(id >> 5) << 2)) & (1 << (id & 31))) != 0) {
          if (k == room) {
            k = -1;
            break;
          }
          store<i32>(match + (<usize>k << 2), id);
          k++;
        }
      }
      if (k < 0) continue; // more than maxLen facts present
      const m = popcnt(sensorMatch) + k;
      if (m == 0) continue;
      const full = m == popcnt(load<i32>(l, L_SENSORS)) + count;
      const take = full ? candidates & ~subRights : candidates;
      if (take == 0) continue;
      const leftHash = tupleHash(sensorMatch, match, k);
      // In dict order: slot order, which is right id order once the dict is big.
      const big = load<i32>(l, L_BIG);
      const slots: usize = big >= 0 ? regionPtr(s, R_BIG) + (<usize>big << 7) : l + L_SLOTS;
      let rest = take;
      for (let j = 0; rest != 0; j++) {
        let c: i32;
        let r: i32;
        if (big >= 0) {
          r = ctz(rest);
          c = load<i32>(slots + (<usize>r << 2));
        } else {
          if (j == 8) break;
          c = load<i32>(slots + (<usize>j << 2));
          if (c < 0) continue;
          r = <i32>load<u8>(l + L_RIDS + <usize>j);
          if (((rest >>> r) & 1) == 0) continue;
        }
        rest &= ~(1 << r);
        if (c == skip) continue;
        const rightMatch = load<i32>(t + RIGHT_MASK_OFF + (<usize>r << 2)) & sensors;
        if (!seenInsert(s, leftHash, rightMatch, stamp)) continue;
        unique++;
        const n = regionLen(s, R_POT);
        const pp = reserve(s, R_POT, n + 1, potBytes, 0) + <usize>n * potBytes;
        setRegionLen(s, R_POT, n + 1);
        store<i64>(pp, leftHash);
        store<i32>(pp, sensorMatch, 8);
        store<i32>(pp, rightMatch | (k << 16), 12);
        memory.copy(pp + 16, match, <usize>k << 2);
      }
    }
  }
  return unique;
}

/** Adds (left hash, right facts) to this row's set of proposals; false when already there. */
function seenInsert(s: usize, h: i64, rightMask: i32, stamp: i32): bool {
  let cap = load<i32>(s + R_POT_SET, R_CAP);
  // Entries carry their row's stamp: on a new row the set is empty without clearing it.
  if (load<i32>(s, POT_SET_STAMP) != stamp) {
    store<i32>(s, stamp, POT_SET_STAMP);
    setRegionLen(s, R_POT_SET, 0);
  }
  const n = regionLen(s, R_POT_SET);
  if (n * 2 + 2 > cap) {
    const next = max(cap * 2, 64);
    const p = heap.alloc(<usize>next << 4);
    memory.fill(p, 0, <usize>next << 4);
    const old = regionPtr(s, R_POT_SET);
    for (let i = 0; i < cap; i++) {
      const e = old + (<usize>i << 4);
      if (load<i32>(e, 12) == stamp) seenPlace(p, next - 1, load<i64>(e), load<i32>(e, 8), stamp);
    }
    if (old != 0) heap.free(old);
    store<usize>(s + R_POT_SET, p, R_PTR);
    store<i32>(s + R_POT_SET, next, R_CAP);
    cap = next;
  }
  const added = seenPlace(regionPtr(s, R_POT_SET), cap - 1, h, rightMask, stamp);
  if (added) store<i32>(s + R_POT_SET, n + 1, R_LEN);
  return added;
}

function seenPlace(t: usize, mask: i32, h: i64, rightMask: i32, stamp: i32): bool {
  let i = hashSlot(h ^ <i64>rightMask, mask);
  for (;;) {
    const e = t + (<usize>i << 4);
    if (load<i32>(e, 12) != stamp) {
      store<i64>(e, h);
      store<i32>(e, rightMask, 8);
      store<i32>(e, stamp, 12);
      return true;
    }
    if (load<i64>(e) == h && load<i32>(e, 8) == rightMask) return false;
    i = (i + 1) & mask;
  }
  return false; // not reached: the set is at most half full
}

/** getContextByFacts over this row's proposals, in order: how many were new. */
function addProposed(s: usize): i32 {
  const n = regionLen(s, R_POT);
  const maxLen = load<i32>(s, MAX_LEN);
  const potBytes = <usize>(16 + (maxLen << 2) + 7) & ~7;
  let added = 0;
  for (let i = 0; i < n; i++) {
    const pp = regionPtr(s, R_POT) + <usize>i * potBytes;
    const packed = load<i32>(pp, 12);
    const c = findOrAdd(s, load<i32>(pp, 8), pp + 16, packed >>> 16, load<i64>(pp), packed & 0xffff, false);
    if (c != -1 && (c & (1 << 31)) != 0) added++;
  }
  return added;
}

/**
 * The next fact group's neurons are the maxActive active contexts greatest by (activations, left
 * hash, right hash) — the tail of Python's sort (a total order: no two contexts share both
 * hashes). Offered one by one as they activate (their activations are final then: a context is
 * active at most once a row), kept in TOP_OFF ascending by that key.
 */
function offerNeuron(s: usize, c: i32, activations: f64): void {
  const maxActive = load<i32>(s, MAX_ACTIVE);
  const top = tail(s) + TOP_OFF;
  let k = load<i32>(s, TOP_K);
  let j: i32;
  if (k == maxActive) {
    const least = load<f64>(s, TOP_MIN);
    if (activations < least) return;
    if (activations == least && !activeLess(s, load<i32>(top), c)) return;
    j = k - 1;
    memory.copy(top, top + 4, <usize>(k - 1) << 2);
  } else {
    j = k;
    k++;
    store<i32>(s, k, TOP_K);
  }
  while (j > 0 && activeLess(s, c, load<i32>(top + (<usize>(j - 1) << 2)))) {
    store<i32>(top + (<usize>j << 2), load<i32>(top + (<usize>(j - 1) << 2)));
    j--;
  }
  store<i32>(top + (<usize>j << 2), c);
  if (k == maxActive) store<f64>(s, load<f64>(ctxAt(s, load<i32>(top)), C_ACTIVATIONS), TOP_MIN);
}

/** The chosen neurons become the group's, ascending by id (the order of the facts in the group). */
function finishNeurons(s: usize): void {
  const k = load<i32>(s, TOP_K);
  const top = s + NEURONS;
  memory.copy(top, tail(s) + TOP_OFF, <usize>k << 2);
  for (let i = 1; i < k; i++) {
    const v = load<i32>(top + (<usize>i << 2));
    let j = i;
    while (j > 0 && load<i32>(top + (<usize>(j - 1) << 2)) > v) {
      store<i32>(top + (<usize>j << 2), load<i32>(top + (<usize>(j - 1) << 2)));
      j--;
    }
    store<i32>(top + (<usize>j << 2), v);
  }
  store<i32>(s, k, GROUP_NEURONS);
}

/** aContextsCMP(a, b) < 0. */
function activeLess(s: usize, a: i32, b: i32): bool {
  const pa = ctxAt(s, a);
  const pb = ctxAt(s, b);
  const xa = load<f64>(pa, C_ACTIVATIONS);
  const xb = load<f64>(pb, C_ACTIVATIONS);
  if (xa != xb) return xa < xb;
  const la = load<i64>(pa, C_LEFT_HASH);
  const lb = load<i64>(pb, C_LEFT_HASH);
  if (la != lb) return la < lb;
  return load<i64>(pa, C_RIGHT_HASH) < load<i64>(pb, C_RIGHT_HASH);
}

/**
 * contextCrosser(leftOrRight=0) on the new fact group: sets its neurons' group bits, lists the
 * fully present left semi-contexts (Python's partial matches are only needed by propose, which
 * counts them itself), and predicts the next sensor facts from their contexts of greatest hit rate.
 */
function crossLeft(s: usize, sensors: i32): void {
  const t = tail(s);
  const nNeurons = load<i32>(s, GROUP_NEURONS);
  setRegionLen(s, R_FULL, 0);
  const bitsPtr = regionPtr(s, R_GROUP_BITS);
  let groupSig = 0;
  for (let i = 0; i < nNeurons; i++) {
    const c = load<i32>(s + NEURONS + (<usize>i << 2));
    const w = bitsPtr + (<usize>(c >> 5) << 2);
    store<i32>(w, load<i32>(w) | (1 << (c & 31)));
    groupSig |= neuronSig(c);
  }
  // Left semi-contexts with neuron facts, each listed under its greatest neuron: fully present
  // when that neuron is in the group, its sensor facts among the group's and its other neurons too.
  const pool = regionPtr(s, R_POOL);
  for (let i = 0; i < nNeurons; i++) {
    const c = load<i32>(s + NEURONS + (<usize>i << 2));
    let node = load<i32>(ctxAt(s, c), C_HEAD);
    while (node >= 0) {
      const np = regionPtr(s, R_NODES) + (<usize>node << 4);
      node = load<i32>(np, 8);
      if ((load<i32>(np, 4) & ~sensors) != 0 || (load<i32>(np, 12) & ~groupSig) != 0) continue;
      const leftId = load<i32>(np);
      const l = leftAt(s, leftId);
      const ids = pool + (<usize>load<i32>(l, L_POOL) << 2);
      const others = load<i32>(l, L_NEURONS) - 1;
      let all = true;
      for (let j = 0; j < others; j++) {
        const id = load<i32>(ids + (<usize>j << 2));
        if ((load<i32>(bitsPtr + (<usize>(id >> 5) << 2)) & (1 << (id & 31))) == 0) {
          all = false;
          break;
        }
      }
      if (all) pushI32(s, R_FULL, leftId);
    }
  }
  // Left semi-contexts of sensor facts only, one per sensor mask: those within `sensors`.
  let sub = sensors;
  while (sub != 0) {
    const leftId = load<i32>(t + SENSOR_ONLY_OFF + (<usize>sub << 2));
    if (leftId >= 0) pushI32(s, R_FULL, leftId);
    sub = (sub - 1) & sensors;
  }
  store<i32>(s, regionLen(s, R_LEFTS), CROSS_LEFTS);

  // The contexts of greatest hit rate among the fully present left semi-contexts' (each left
  // keeps its own greatest rate and the union of the right facts reaching it).
  // A perfect context (hit rate exactly 1, the most there is) among them decides alone: the
  // prediction is then the union of the perfect contexts' right facts.
  const fullN = regionLen(s, R_FULL);
  let perfectFacts = 0;
  let anyPerfect = false;
  for (let i = 0; i < fullN; i++) {
    let p = load<i32>(leftAt(s, load<i32>(regionPtr(s, R_FULL) + (<usize>i << 2))), L_PERFECT);
    if (p == 0) continue;
    anyPerfect = true;
    while (p != 0) {
      perfectFacts |= load<i32>(t + RIGHT_MASK_OFF + (<usize>ctz(p) << 2));
      p &= p - 1;
    }
  }
  if (anyPerfect) {
    store<i32>(s, perfectFacts, PRED_MASK);
    return;
  }
  let maxWeight = 0.0;
  let predicted = 0;
  for (let i = 0; i < fullN; i++) {
    const l = leftAt(s, load<i32>(regionPtr(s, R_FULL) + (<usize>i << 2)));
    flushLeft(s, l);
    const weight = load<f64>(l, L_MAX_WEIGHT);
    if (weight < maxWeight) continue;
    if (weight > maxWeight) {
      maxWeight = weight;
      predicted = load<i32>(l, L_PRED);
    } else {
      predicted |= load<i32>(l, L_PRED);
    }
  }
  store<i32>(s, predicted, PRED_MASK);
}

/** Bytes held: the header and every region's capacity. */
export function ctxStateBytes(s: usize): i32 {
  let bytes = <i32>(NEURONS + (<usize>load<i32>(s, MAX_ACTIVE) << 2) + INLINE_TAIL_BYTES);
  bytes += load<i32>(s + R_CONTEXTS, R_CAP) * <i32>CTX_BYTES;
  bytes += load<i32>(s + R_LEFTS, R_CAP) * <i32>LEFT_BYTES;
  bytes += load<i32>(s + R_POOL, R_CAP) * 4;
  bytes += load<i32>(s + R_NODES, R_CAP) * 16;
  bytes += load<i32>(s + R_BIG, R_CAP) * 128;
  bytes += load<i32>(s + R_LEFT_HASH, R_CAP) * 16;
  bytes += load<i32>(s + R_ZERO_BITS, R_CAP) * 4;
  bytes += load<i32>(s + R_FULL, R_CAP) * 4;
  bytes += load<i32>(s + R_GROUP_BITS, R_CAP) * 4;
  bytes += load<i32>(s + R_POT, R_CAP) * ((16 + (load<i32>(s, MAX_LEN) << 2) + 7) & ~7);
  bytes += load<i32>(s + R_POT_SET, R_CAP) * 16;
  return bytes;
}

// ── saving (detector-state-format.ts) ──
//
// Saved body, after the format word:
//   u32 headerBytes (NEURONS + 4·maxActive + INLINE_TAIL_BYTES), then the header as it is with its
//   region descriptors (112 … 244) zeroed: params, range, counters, the rest-period history
//   (EVENTS, LAST_HIGH), the current fact group, CORR0, the right semi-contexts and every inline
//   table; then, per region in SAVED_REGIONS order, i32 n and n elements:
//   contexts (64 bytes), lefts (128: CPython dict slots, right ids, perfect/fresh bits, owed rows),
//   pool (4), index nodes (16), big dict blocks (128), zero-level bits (4), full lefts (4), group
//   bits (4; n = the region's capacity, which is what its readers index by).
// Everything in the regions is an index, never an address, so the elements copy as they are. Not
// saved: the left-hash table, which is a function of the lefts (each left's hash is unique and in
// the left; rebuilt at the capacity it had), and the proposals and their set, which only live
// within one step (emptied before use: R_POT's length is reset, R_POT_SET's entries carry their
// row's stamp). Loaded regions have capacity = length; growth from there is the usual doubling.

const SAVED_REGIONS: StaticArray<usize> = [R_CONTEXTS, R_LEFTS, R_POOL, R_NODES, R_BIG, R_ZERO_BITS, R_FULL, R_GROUP_BITS];
const SAVED_ELEMENT: StaticArray<i32> = [<i32>CTX_BYTES, <i32>LEFT_BYTES, 4, 16, 128, 4, 4, 4];
/** First and end byte of the header's region descriptors (R_CONTEXTS … R_POT_SET). */
const REGIONS_START: usize = 112;
const REGIONS_END: usize = 244;

// @ts-ignore: decorator
@inline
function headerBytesOf(maxActive: i32): i32 {
  return <i32>(NEURONS + INLINE_TAIL_BYTES) + (maxActive << 2);
}

/** Elements saved of region SAVED_REGIONS[i]: its length, or for the group bits its capacity. */
// @ts-ignore: decorator
@inline
function savedCount(s: usize, r: usize): i32 {
  return r == R_GROUP_BITS ? load<i32>(s + r, R_CAP) : regionLen(s, r);
}

/** Bytes ctxSave writes. */
export function ctxSavedBytes(s: usize): i32 {
  let bytes = STATE_FORMAT_BYTES + 4 + headerBytesOf(load<i32>(s, MAX_ACTIVE));
  for (let i = 0; i < SAVED_REGIONS.length; i++) bytes += 4 + savedCount(s, SAVED_REGIONS[i]) * SAVED_ELEMENT[i];
  return bytes;
}

/** Writes the state's position-independent bytes at `out` (ctxSavedBytes of them). */
export function ctxSave(s: usize, out: usize): void {
  const hb = headerBytesOf(load<i32>(s, MAX_ACTIVE));
  store<u32>(out, stateFormatWord(DETECTOR_CONTEXT, CONTEXT_STATE_VERSION));
  store<i32>(out, hb, 4);
  let at = out + 8;
  memory.copy(at, s, <usize>hb);
  memory.fill(at + REGIONS_START, 0, REGIONS_END - REGIONS_START);
  at += <usize>hb;
  for (let i = 0; i < SAVED_REGIONS.length; i++) {
    const r = SAVED_REGIONS[i];
    const n = savedCount(s, r);
    store<i32>(at, n);
    const bytes = <usize>n * <usize>SAVED_ELEMENT[i];
    if (bytes > 0) memory.copy(at + 4, regionPtr(s, r), bytes);
    at += 4 + bytes;
  }
}

/**
 * A new detector equal to the saved one at in[0, len), or 0 when the bytes are not a saved context
 * state whose every count and index stays inside its regions (checked before anything is
 * allocated, so a refused input leaks nothing and a loaded one cannot step outside its memory).
 */
export function ctxLoad(from: usize, len: i32): usize {
  if (len < 8 || load<u32>(from) != stateFormatWord(DETECTOR_CONTEXT, CONTEXT_STATE_VERSION)) return 0;
  const hb = load<i32>(from, 4);
  if (hb < headerBytesOf(1) || hb > headerBytesOf(64) || hb > len - 8) return 0;
  const h = from + 8;
  const maxActive = load<i32>(h, MAX_ACTIVE);
  if (maxActive < 1 || maxActive > 64 || hb != headerBytesOf(maxActive)) return 0;
  const maxLen = load<i32>(h, MAX_LEN);
  const bits = load<i32>(h, BITS);
  if (maxLen < 1 || maxLen > 64 || bits < 1 || bits > 3 || load<i32>(h, MAX_CONTEXTS) < 1) return 0;
  // Where each region's elements are in the input, and how many.
  const at = new StaticArray<usize>(SAVED_REGIONS.length);
  const count = new StaticArray<i32>(SAVED_REGIONS.length);
  let p = 8 + hb;
  for (let i = 0; i < SAVED_REGIONS.length; i++) {
    if (len - p < 4) return 0;
    const n = load<i32>(from + <usize>p);
    if (n < 0 || n > (len - p - 4) / SAVED_ELEMENT[i]) return 0;
    at[i] = from + <usize>(p + 4);
    count[i] = n;
    p += 4 + n * SAVED_ELEMENT[i];
  }
  if (p != len || !ctxIndexesValid(h, at, count)) return 0;

  const s = heap.alloc(<usize>hb);
  memory.copy(s, h, <usize>hb);
  memory.fill(s + REGIONS_START, 0, REGIONS_END - REGIONS_START);
  for (let i = 0; i < SAVED_REGIONS.length; i++) {
    const n = count[i];
    if (n == 0) continue;
    const r = SAVED_REGIONS[i];
    const bytes = <usize>n * <usize>SAVED_ELEMENT[i];
    const q = heap.alloc(bytes);
    memory.copy(q, at[i], bytes);
    store<usize>(s + r, q, R_PTR);
    store<i32>(s + r, r == R_GROUP_BITS ? 0 : n, R_LEN);
    store<i32>(s + r, n, R_CAP);
  }
  const nLefts = count[1];
  if (nLefts > 0) {
    let cap = 64;
    while (nLefts * 2 > cap) cap *= 2;
    const t = heap.alloc(<usize>cap << 4);
    memory.fill(t, 0, <usize>cap << 4);
    for (let id = 0; id < nLefts; id++) insertLeftHash(t, cap - 1, load<i64>(leftAt(s, id), L_HASH), id);
    store<usize>(s + R_LEFT_HASH, t, R_PTR);
    store<i32>(s + R_LEFT_HASH, nLefts, R_LEN);
    store<i32>(s + R_LEFT_HASH, cap, R_CAP);
  }
  return s;
}

/** In [lo, hi). */
// @ts-ignore: decorator
@inline
function within(v: i32, lo: i32, hi: i32): bool {
  return v >= lo && v < hi;
}

/**
 * Whether every id a step follows stays inside its region: what the kernel never checks while
 * stepping (the bounds are invariants of how it builds them). Also that no walk can loop: an index
 * node's `next` is an older node, and a small dict has an empty slot for its probe to stop at.
 */
function ctxIndexesValid(h: usize, at: StaticArray<usize>, count: StaticArray<i32>): bool {
  const nC = count[0];
  const nL = count[1];
  const nP = count[2];
  const nN = count[3];
  const nB = count[4];
  const nG = count[7];
  const rights = load<i32>(h, RIGHT_COUNT);
  if (nC > load<i32>(h, MAX_CONTEXTS) || nL > nC || nN > nL || nB > nL) return false;
  if (count[5] != (nL + 31) >> 5 || nG < (nC + 31) >> 5 || count[6] > nL) return false;
  if (rights < 0 || rights > 32) return false;
  if (!within(load<i32>(h, GROUP_NEURONS), 0, load<i32>(h, MAX_ACTIVE) + 1)) return false;
  if (!within(load<i32>(h, CROSS_LEFTS), 0, nL + 1) || !within(load<i32>(h, TOP_K), 0, load<i32>(h, MAX_ACTIVE) + 1)) return false;
  for (let i = 0; i < load<i32>(h, GROUP_NEURONS); i++) if (!within(load<i32>(h + NEURONS + (<usize>i << 2)), 0, nC)) return false;
  const t = h + NEURONS + (<usize>load<i32>(h, MAX_ACTIVE) << 2);
  for (let m = 0; m < 64; m++) {
    if (!within(load<i32>(t + RIGHT_BY_MASK_OFF + (<usize>m << 2)), -1, rights)) return false;
    if (!within(load<i32>(t + SENSOR_ONLY_OFF + (<usize>m << 2)), -1, nL)) return false;
  }
  for (let c = 0; c < nC; c++) {
    const cp = at[0] + <usize>c * CTX_BYTES;
    if (!within(load<i32>(cp, C_RIGHT_ID), 0, rights) || !within(load<i32>(cp, C_LEFT_ID), 0, nL) || !within(load<i32>(cp, C_HEAD), -1, nN)) return false;
  }
  for (let l = 0; l < nL; l++) {
    const lp = at[1] + <usize>l * LEFT_BYTES;
    const start = load<i32>(lp, L_POOL);
    const n = load<i32>(lp, L_NEURONS);
    if (!within(n, 0, 65) || start < 0 || start > nP - n) return false;
    const big = load<i32>(lp, L_BIG);
    if (!within(big, -1, nB)) return false;
    let used = 0;
    for (let j = 0; j < 8; j++) {
      const c = load<i32>(lp + L_SLOTS + (<usize>j << 2));
      if (!within(c, -1, nC)) return false;
      if (c >= 0) {
        used++;
        if (big < 0 && load<u8>(lp + L_RIDS + <usize>j) >= 32) return false;
      }
    }
    if (big < 0 && used > 5) return false;
  }
  for (let i = 0; i < nP; i++) if (!within(load<i32>(at[2] + (<usize>i << 2)), 0, nC)) return false;
  for (let i = 0; i < nN; i++) {
    const np = at[3] + (<usize>i << 4);
    if (!within(load<i32>(np), 0, nL) || !within(load<i32>(np, 8), -1, i)) return false;
  }
  for (let i = 0; i < nB << 5; i++) if (!within(load<i32>(at[4] + (<usize>i << 2)), -1, nC)) return false;
  for (let i = 0; i < count[6]; i++) if (!within(load<i32>(at[6] + (<usize>i << 2)), 0, nL)) return false;
  return true;
}

/** Contexts learned so far (for tests and reports). */
export function ctxContextCount(s: usize): i32 {
  return regionLen(s, R_CONTEXTS);
}

/** Releases the detector and its regions; the address is invalid afterwards. */
export function ctxFree(s: usize): void {
  const regions: StaticArray<usize> = [R_CONTEXTS, R_LEFTS, R_POOL, R_NODES, R_BIG, R_LEFT_HASH, R_ZERO_BITS, R_FULL, R_GROUP_BITS, R_POT, R_POT_SET];
  for (let i = 0; i < regions.length; i++) {
    const p = regionPtr(s, regions[i]);
    if (p != 0) heap.free(p);
  }
  heap.free(s);
}
