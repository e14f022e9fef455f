// The panes of pane-entries.ts: each open pane is a handle, a record naming its entries (one
// array, in arrival order) and one head bit per entry. Handles are reused with their arrays, so a
// steady job allocates nothing: the pane freed last is the next one opened, its arrays still in cache.
//
// A reference to an entry is an i64: handle << 32 | position (-1: none). It survives the growth of
// its pane's array (an address does not), so a key's chain links and its head, last and prev are
// references (pane-entries.ts).
//
// Handle record, 32 bytes: 0 start f64, 8 entries u32, 12 count i32, 16 capacity i32, 20 head
// bits u32, 24 next free handle i32, 28 heads i32 (head bits set: a window skips a pane without).
//
// The oldest open pane's entries all head their keys (no earlier pane is open), so its bits are not
// needed, and not kept: an entry that becomes its key's head there, by a free, leaves its bit as
// it was; a window walks that pane's entries, not its bits. A pane opened before it (an event of
// a key quiet for a while, behind the others but not late) sets them all again.

import { accWords } from './accumulators';
import { blockWordsFor } from './counted-blocks';
import { growRegion } from './heap-region';
import { setBit } from './head-bits';
import { winCount, windowAt, openPaneAt, paneOpened, WIN_BYTES } from './window-registry';

/** Offset in a registry entry (window-registry.ts) of its pane's handle. */
const PANE_HANDLE: usize = 24;
const H_BYTES: usize = 32;

let handles: usize = 0;
let handleCap: i32 = 0;
let handleUsed: i32 = 0;
let freeHandle: i32 = -1;
/** Capacity a new pane's arrays start at: panes of one job hold similar key counts. */
let lastCap: i32 = 64;

/** Bytes of one entry (pane-entries.ts' layout), fixed once the job's accumulators are. */
let entryBytes: usize = 0;

/** Words of a counted block (accumulator-merges.ts): an entry's count and words, its suffix, a prefix. */
// @ts-ignore: decorator
@inline
export function blockWords(): i32 {
  return blockWordsFor(accWords);
}

/** Bytes of one entry. */
// @ts-ignore: decorator
@inline
export function entryStride(): usize {
  return entryBytes;
}

/** Sets the entry size; before the first pane. */
export function setEntryStride(bytes: usize): void {
  entryBytes = bytes;
}

// @ts-ignore: decorator
@inline
export function handleRec(h: i32): usize {
  return handles + (<usize>h << 5);
}

// @ts-ignore: decorator
@inline
export function refOf(h: i32, pos: i32): i64 {
  return (<i64>h << 32) | <i64><u32>pos;
}

/** Address of the entry `ref` names (valid until its pane grows). */
// @ts-ignore: decorator
@inline
export function refAddr(ref: i64): usize {
  return <usize>load<u32>(handleRec(<i32>(ref >> 32)), 8) + <usize><u32>ref * entryBytes;
}

/** Start of the pane of the entry `ref` names. */
// @ts-ignore: decorator
@inline
export function refStart(ref: i64): f64 {
  return load<f64>(handleRec(<i32>(ref >> 32)));
}

/** The handle of registry entry w's pane. */
// @ts-ignore: decorator
@inline
export function paneHandleAt(w: i32): i32 {
  return load<i32>(windowAt(w), PANE_HANDLE);
}

/** Pane handle h's entry count and the address of its first entry. */
// @ts-ignore: decorator
@inline
export function handleCount(h: i32): i32 {
  return load<i32>(handleRec(h), 12);
}
// @ts-ignore: decorator
@inline
export function handleEntries(h: i32): usize {
  return <usize>load<u32>(handleRec(h), 8);
}

/** The handle of pane [start, end), opened (registered, empty) when absent. */
// @ts-ignore: decorator
@inline
export function paneHandleFor(start: f64, end: f64): i32 {
  // Nearly always the pane asked for last, else the newest or the one before it (an event a
  // little out of order). The pane asked for last is open: a freed pane takes no events (late).
  if (start == lastStart) return lastHandle;
  if (winCount > 0) {
    const newest = windowAt(winCount - 1);
    if (load<f64>(newest) == start) return rememberPane(start, load<i32>(newest, PANE_HANDLE));
    if (winCount > 1 && load<f64>(newest - WIN_BYTES) == start) return rememberPane(start, load<i32>(newest - WIN_BYTES, PANE_HANDLE));
  }
  const w = openPaneAt(start, end);
  const at = windowAt(w);
  if (paneOpened) {
    store<i32>(at, allocHandle(start), PANE_HANDLE);
    // Opened before the oldest pane, whose head bits were not kept: every entry there heads its key.
    if (w == 0 && winCount > 1) setAllHeadBits(paneHandleAt(1));
  }
  return rememberPane(start, load<i32>(at, PANE_HANDLE));
}

// The pane paneHandleFor returned last (NaN: none; forgotten when its handle is released).
let lastStart: f64 = NaN;
let lastHandle: i32 = -1;

// @ts-ignore: decorator
@inline
function rememberPane(start: f64, h: i32): i32 {
  lastStart = start;
  lastHandle = h;
  return h;
}

/** Pane h's head bits, all set: it was the oldest open pane (pane-entries.ts' freePaneEntries keeps none there). */
function setAllHeadBits(h: i32): void {
  const r = handleRec(h);
  const n = load<i32>(r, 12);
  const bits = <usize>load<u32>(r, 20);
  for (let i = 0; i < n; i++) setBit(bits, i, true);
  store<i32>(r, n, 28);
}

function allocHandle(start: f64): i32 {
  let h = freeHandle;
  if (h >= 0) {
    freeHandle = load<i32>(handleRec(h), 24);
  } else {
    if (handleUsed == handleCap) {
      const cap = handleCap == 0 ? 64 : handleCap * 2;
      handles = growRegion(handles, <usize>cap * H_BYTES);
      memory.fill(handles + <usize>handleCap * H_BYTES, 0, <usize>(cap - handleCap) * H_BYTES);
      handleCap = cap;
    }
    h = handleUsed++;
  }
  const r = handleRec(h);
  store<f64>(r, start);
  store<i32>(r, 0, 12);
  store<i32>(r, 0, 28);
  const cap = load<i32>(r, 16);
  if (cap > 0) memory.fill(<usize>load<u32>(r, 20), 0, <usize>cap >> 3);
  return h;
}

/** Room for one more entry in pane h; returns its position. */
// @ts-ignore: decorator
@inline
export function appendEntry(h: i32): i32 {
  const r = handleRec(h);
  const pos = load<i32>(r, 12);
  if (pos == load<i32>(r, 16)) growPane(r);
  store<i32>(r, pos + 1, 12);
  return pos;
}

function growPane(r: usize): void {
  const cap = load<i32>(r, 16);
  const next = cap == 0 ? lastCap : cap * 2;
  if (next > lastCap) lastCap = next;
  store<u32>(r, <u32>growRegion(<usize>load<u32>(r, 8), <usize>next * entryBytes), 8);
  const bits = growRegion(<usize>load<u32>(r, 20), <usize>next >> 3);
  memory.fill(bits + (<usize>cap >> 3), 0, <usize>(next - cap) >> 3);
  store<u32>(r, <u32>bits, 20);
  store<i32>(r, next, 16);
}

/** Sets or clears the head bit of position `pos` in pane h. */
// @ts-ignore: decorator
@inline
export function setHeadBit(h: i32, pos: i32, on: bool): void {
  const r = handleRec(h);
  store<i32>(r, load<i32>(r, 28) + setBit(<usize>load<u32>(r, 20), pos, on), 28);
}

/** Head bits set in pane h: the keys whose earliest open entry is there. */
// @ts-ignore: decorator
@inline
export function handleHeads(h: i32): i32 {
  return load<i32>(handleRec(h), 28);
}

/** The row of pane h's head bits (head-bits.ts), one per position, while its entries are open. */
// @ts-ignore: decorator
@inline
export function handleHeadBits(h: i32): usize {
  return <usize>load<u32>(handleRec(h), 20);
}

/** Pane h's entries are freed: its handle (and arrays) go to be reused. */
export function releaseHandle(h: i32): void {
  store<i32>(handleRec(h), freeHandle, 24);
  freeHandle = h;
  if (h == lastHandle) lastStart = NaN;
}

/** Heap bytes of the panes: entries and head bits (reused handles' too), and the handles. */
export function paneHandleBytes(): f64 {
  let bytes = <f64>handleCap * <f64>H_BYTES;
  for (let h = 0; h < handleUsed; h++) {
    const cap = <f64>load<i32>(handleRec(h), 16);
    bytes += cap * <f64>entryBytes + cap / 8;
  }
  return bytes;
}
