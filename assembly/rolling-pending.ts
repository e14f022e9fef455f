// Rows of a rolling job waiting for the watermark (rolling-windows.ts): a row's result is final only
// once no row of its key at or before it in event time can still come, i.e. once the watermark has
// passed its time. Until then it waits here, in a binary min-heap on (event time, arrival order), so
// rows are released in event-time order, ties in the order they arrived — whatever the batch cuts.
// Out-of-order input is a sort, so a row costs O(log pending) here; in-order input sifts nothing.
//
// A pending row (stride 24 + 8 · valueCount):
//   0  keyId   i32
//   8  time    f64
//   16 seq     f64   arrival order among accepted rows: the tie-break
//   24 values  f64 × valueCount
// The heap holds (time, seq, slot) entries of 24 bytes, so sifting compares contiguous words rather
// than chasing row slots; freed slots form a free list (linked through keyId's word).

import { growRegion } from './heap-region';
import { valueCount } from './batch-columns';
import { copyWords } from './accumulators';

export const PENDING_VALUES: usize = 24;

let rows: usize = 0;
let rowCap: i32 = 0;
let rowUsed: i32 = 0;
let freeHead: i32 = -1;
let stride: usize = 0;
let heapEntries: usize = 0; // (time f64, seq f64, slot i32) per entry, stride HEAP_ENTRY
const HEAP_ENTRY: usize = 24;
export let pendingCount: i32 = 0;
let nextSeq: f64 = 0;

// @ts-ignore: decorator
@inline
export function pendingPtr(s: i32): usize {
  return rows + <usize>s * stride;
}

// @ts-ignore: decorator
@inline
function entryAt(i: i32): usize {
  return heapEntries + <usize>i * HEAP_ENTRY;
}

/** Whether heap entry a comes before entry b: earlier time, or the same time and arrived first. */
// @ts-ignore: decorator
@inline
function before(a: usize, b: usize): bool {
  const ta = load<f64>(a);
  const tb = load<f64>(b);
  return ta < tb || (ta == tb && load<f64>(a, 8) < load<f64>(b, 8));
}

// @ts-ignore: decorator
@inline
function copyEntry(to: usize, from: usize): void {
  store<f64>(to, load<f64>(from));
  store<f64>(to, load<f64>(from, 8), 8);
  store<i32>(to, load<i32>(from, 16), 16);
}

/** Queues a row of the key at time t with the values at `values` (valueCount f64). */
export function pushPending(keyId: i32, t: f64, values: usize): void {
  let s: i32;
  if (freeHead >= 0) {
    s = freeHead;
    freeHead = load<i32>(pendingPtr(s));
  } else {
    if (rowUsed == rowCap) {
      if (rowCap == 0) stride = PENDING_VALUES + (<usize>valueCount << 3);
      rowCap = rowCap == 0 ? 1024 : rowCap * 2;
      rows = growRegion(rows, <usize>rowCap * stride);
      // One spare entry past the end: popPending parks the last entry there while it sifts.
      heapEntries = growRegion(heapEntries, <usize>(rowCap + 1) * HEAP_ENTRY);
    }
    s = rowUsed++;
  }
  const p = pendingPtr(s);
  store<i32>(p, keyId);
  store<f64>(p, t, 8);
  store<f64>(p, nextSeq, 16);
  nextSeq += 1;
  copyWords(p + PENDING_VALUES, values, valueCount);
  let i = pendingCount++;
  const seq = load<f64>(p, 16);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pe = entryAt(parent);
    const pt = load<f64>(pe);
    if (!(t < pt || (t == pt && seq < load<f64>(pe, 8)))) break;
    copyEntry(entryAt(i), pe);
    i = parent;
  }
  const e = entryAt(i);
  store<f64>(e, t);
  store<f64>(e, seq, 8);
  store<i32>(e, s, 16);
}

/** Time of the next row to release; +∞ when none waits. */
export function nextPendingTime(): f64 {
  return pendingCount == 0 ? Infinity : load<f64>(heapEntries);
}

/** Takes the first row (in time, then arrival order) off the heap; its slot stays readable until freePending. */
export function popPending(): i32 {
  const top = load<i32>(heapEntries, 16);
  const n = --pendingCount;
  const last = entryAt(rowCap); // the spare entry
  copyEntry(last, entryAt(n));
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let c = entryAt(l);
    let ci = l;
    if (l + 1 < n && before(entryAt(l + 1), c)) {
      c = entryAt(l + 1);
      ci = l + 1;
    }
    if (!before(c, last)) break;
    copyEntry(entryAt(i), c);
    i = ci;
  }
  if (n > 0) copyEntry(entryAt(i), last);
  return top;
}

export function freePending(s: i32): void {
  store<i32>(pendingPtr(s), freeHead);
  freeHead = s;
}

/** Heap bytes of the waiting rows. */
export function pendingBytes(): f64 {
  return <f64>rowCap * <f64>stride + <f64>(rowCap + 1) * <f64>HEAP_ENTRY;
}
