// XREADGROUP reply (RESP2) → columnar batch, without creating anything per entry. The shape:
//
//   *1 ─ *2 ─ $name                       (one stream per reader socket)
//            └ *E ─ *2 ─ $id
//                        └ *2F ─ $field $value …   (or *-1: entry deleted while pending)
//
// `*-1` for the whole reply means the BLOCK timed out. Field matching compares bytes against the
// configured names; a field the job reads that occurs twice makes the entry STATUS_DUPLICATE_FIELD.
// Whatever the fast path cannot decide exactly is marked STATUS_NEEDS_HOST and decoded by the
// host's TypeScript reference instead.

import {
  STATUS_OK, STATUS_NEEDS_HOST, STATUS_MISSING_KEY, STATUS_MISSING_VALUE, STATUS_MISSING_TIME,
  STATUS_DELETED, STATUS_DUPLICATE_FIELD, STATUS_TIME_OUT_OF_BOUNDS, TIME_FROM_ID, TIME_FROM_FIELD_TEXT,
  FORMAT_MSGPACK, MAX_VALUES, MAX_ITEMS,
} from './layout';
import { readHeaderInt, lastHeaderInt } from './resp-frame';
import { parseDecimalFast, parseEpochMsFast, fastOk } from './decimal-parse';
import { internKey } from './key-table';
import {
  capacity, valueCount, statusCol, keyIdCol, timeCol, valuesCol, entryOffCol, entryLenCol,
  resetEntryIds, appendEntryId, itemCount, itemPtrCol, itemLenCol,
} from './batch-columns';
import { releaseHostItems } from './host-items';

export const DECODE_PROTOCOL_ERROR: i32 = -2;
export const DECODE_ERROR_REPLY: i32 = -3;
export const DECODE_OVER_CAPACITY: i32 = -4;

// Configured field names (slot 0 key, 1 time, 2 payload, 3.. values, ITEM_SLOT.. items).
const ITEM_SLOT: i32 = 3 + MAX_VALUES;
const NAME_SLOTS: i32 = ITEM_SLOT + MAX_ITEMS;
const nameOff = new StaticArray<usize>(NAME_SLOTS);
const nameLen = new StaticArray<i32>(NAME_SLOTS);
let format: i32 = 0;
let timeMode: i32 = 0;

export function configureDecode(fmt: i32, tmode: i32): void {
  format = fmt;
  timeMode = tmode;
  // A slot no name was reserved for matches nothing, not even a field with an empty name.
  for (let s = 0; s < NAME_SLOTS; s++) unchecked(nameLen[s] = -1);
}

// Event time must lie in [ID time − behind, ID time + ahead]; infinite: unbounded (src/job/time-bounds.ts).
let maxAhead: f64 = Infinity;
let maxBehind: f64 = Infinity;
let bounded = false;

export function configureTimeBounds(ahead: f64, behind: f64): void {
  maxAhead = ahead;
  maxBehind = behind;
  bounded = ahead != Infinity || behind != Infinity;
}

/** Returns where the host writes the bytes of name slot `slot` (len bytes). */
export function reserveName(slot: i32, len: i32): usize {
  const p = heap.alloc(<usize>max(len, 1));
  unchecked(nameOff[slot] = p);
  unchecked(nameLen[slot] = len);
  return p;
}

// Per-entry match results, reset for every entry.
const foundOff = new StaticArray<usize>(NAME_SLOTS);
const foundLen = new StaticArray<i32>(NAME_SLOTS);
let duplicate = false;

// @ts-ignore: decorator
@inline
function nameEquals(slot: i32, p: usize, len: i32): bool {
  return unchecked(nameLen[slot]) == len && memory.compare(unchecked(nameOff[slot]), p, len) == 0;
}

let pos: i32 = 0;
let base: usize = 0;
let end: i32 = 0;

/** Reads `$n\r\n` and returns n (or -1 for nil); leaves pos at the payload. -2 on malformed input. */
// @ts-ignore: decorator
@inline
function bulkHeader(): i32 {
  if (pos >= end || load<u8>(base + pos) != 36) return -2;
  const next = readHeaderInt(base, pos + 1, end);
  if (next < 0) return -2;
  pos = next;
  const n = <i32>lastHeaderInt();
  if (n >= 0 && pos + n + 2 > end) return -2;
  return n;
}

// @ts-ignore: decorator
@inline
function arrayHeader(): i32 {
  if (pos >= end || load<u8>(base + pos) != 42) return -3;
  const next = readHeaderInt(base, pos + 1, end);
  if (next < 0) return -3;
  pos = next;
  return <i32>lastHeaderInt();
}

/** Decodes the reply frame at input[0..frameLen). Returns the number of entries or DECODE_*. */
export function decodeReply(input: usize, frameLen: i32): i32 {
  base = input;
  end = frameLen;
  pos = 0;
  resetEntryIds();
  releaseHostItems();
  if (end > 0 && load<u8>(base) == 45) return DECODE_ERROR_REPLY;
  const streams = arrayHeader();
  if (streams == -3) return DECODE_PROTOCOL_ERROR;
  if (streams <= 0) return 0;
  if (streams != 1) return DECODE_PROTOCOL_ERROR;
  if (arrayHeader() != 2) return DECODE_PROTOCOL_ERROR;
  const nameBytes = bulkHeader();
  if (nameBytes < 0) return DECODE_PROTOCOL_ERROR;
  pos += nameBytes + 2;
  const entries = arrayHeader();
  if (entries < 0) return DECODE_PROTOCOL_ERROR;
  if (entries > capacity) return DECODE_OVER_CAPACITY;
  for (let i = 0; i < entries; i++) {
    if (!decodeEntry(i)) return DECODE_PROTOCOL_ERROR;
  }
  return entries;
}

function decodeEntry(i: i32): bool {
  const start = pos;
  if (arrayHeader() != 2) return false;
  const idLen = bulkHeader();
  if (idLen < 0) return false;
  const idPtr = base + pos;
  appendEntryId(idPtr, idLen);
  pos += idLen + 2;

  store<i32>(entryOffCol + (<usize>i << 2), start);
  const nf = arrayHeader();
  if (nf == -3) return false;
  if (nf < 0) {
    store<u8>(statusCol + i, STATUS_DELETED);
    store<i32>(entryLenCol + (<usize>i << 2), pos - start);
    return true;
  }
  for (let s = 0; s < NAME_SLOTS; s++) unchecked(foundLen[s] = -1);
  duplicate = false;
  for (let f = 0; f + 1 < nf; f += 2) {
    const nl = bulkHeader();
    if (nl < 0) return false;
    const np = base + pos;
    pos += nl + 2;
    const vl = bulkHeader();
    if (vl < 0) return false;
    const vp = base + pos;
    pos += vl + 2;
    matchField(np, nl, vp, vl);
  }
  if (nf & 1) {
    // An odd field count cannot come from XADD; skip the stray element rather than misparse.
    const sl = bulkHeader();
    if (sl < 0) return false;
    pos += sl + 2;
  }
  store<i32>(entryLenCol + (<usize>i << 2), pos - start);
  store<u8>(statusCol + i, classify(i, idPtr, idLen));
  return true;
}

function matchField(np: usize, nl: i32, vp: usize, vl: i32): void {
  // A second occurrence of a field the job reads is remembered, not used (the reference agrees).
  const slots = format == FORMAT_MSGPACK ? 3 : 3 + valueCount;
  for (let s = 0; s < slots; s++) {
    if (nameEquals(s, np, nl)) {
      if (unchecked(foundLen[s]) >= 0) duplicate = true;
      unchecked(foundOff[s] = vp);
      unchecked(foundLen[s] = vl);
    }
  }
  if (format == FORMAT_MSGPACK) return;
  for (let s = ITEM_SLOT; s < ITEM_SLOT + itemCount; s++) {
    if (nameEquals(s, np, nl)) {
      if (unchecked(foundLen[s]) >= 0) duplicate = true;
      unchecked(foundOff[s] = vp);
      unchecked(foundLen[s] = vl);
    }
  }
}

function classify(i: i32, idPtr: usize, idLen: i32): u8 {
  if (format == FORMAT_MSGPACK) return STATUS_NEEDS_HOST;
  if (duplicate) return STATUS_DUPLICATE_FIELD;
  const keyLen = unchecked(foundLen[0]);
  if (keyLen < 0) return STATUS_MISSING_KEY;
  let t: f64 = 0;
  if (timeMode == TIME_FROM_ID) {
    let msLen = 0;
    while (msLen < idLen && load<u8>(idPtr + msLen) != 45) msLen++;
    t = parseEpochMsFast(idPtr, msLen);
    if (!fastOk) return STATUS_NEEDS_HOST;
  } else {
    const tl = unchecked(foundLen[1]);
    if (tl < 0) return STATUS_MISSING_TIME;
    if (timeMode == TIME_FROM_FIELD_TEXT) return STATUS_NEEDS_HOST;
    t = parseEpochMsFast(unchecked(foundOff[1]), tl);
    if (!fastOk) return STATUS_NEEDS_HOST;
    if (bounded) {
      let msLen = 0;
      while (msLen < idLen && load<u8>(idPtr + msLen) != 45) msLen++;
      const idMs = parseEpochMsFast(idPtr, msLen);
      if (!fastOk) return STATUS_NEEDS_HOST;
      // Written as the reference writes it, so both round the same way.
      if (!(t <= idMs + maxAhead && t >= idMs - maxBehind)) return STATUS_TIME_OUT_OF_BOUNDS;
    }
  }
  const row = valuesCol + (<usize>(i * valueCount) << 3);
  for (let v = 0; v < valueCount; v++) {
    const vl = unchecked(foundLen[3 + v]);
    if (vl < 0) return STATUS_MISSING_VALUE;
    const x = parseDecimalFast(unchecked(foundOff[3 + v]), vl);
    if (!fastOk) return STATUS_NEEDS_HOST;
    store<f64>(row + (<usize>v << 3), x);
  }
  for (let j = 0; j < itemCount; j++) {
    const at = <usize>(i * itemCount + j) << 2;
    store<u32>(itemPtrCol + at, <u32>unchecked(foundOff[ITEM_SLOT + j]));
    store<i32>(itemLenCol + at, unchecked(foundLen[ITEM_SLOT + j]));
  }
  store<f64>(timeCol + (<usize>i << 3), t);
  store<i32>(keyIdCol + (<usize>i << 2), internKey(unchecked(foundOff[0]), keyLen));
  return STATUS_OK;
}
