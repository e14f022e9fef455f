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
// The heap holds i32 row slots; freed slots form a free list (linked through keyId's word).

import { growRegion } from './heap-region';
import { valueCount } from './batch-columns';
import { copyWords } from './accumulators';

export const PENDING_VALUES: usize = 24;

let rows: usize = 0;
let rowCap: i32 = 0;
let rowUsed: i32 = 0;
let freeHead: i32 = -1;
let stride: usize = 0;
let heapSlots: usize = 0; // i32 per heap entry
export let pendingCount: i32 = 0;
let nextSeq: f64 = 0;

// @ts-ignore: decorator
@inline
export function pendingPtr(s: i32): usize {
  return rows + <usize>s * stride;
}

// @ts-ignore: decorator
@inline
function slotAt(i: i32): i32 {
  return load<i32>(heapSlots + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
function setSlotAt(i: i32, s: i32): void {
  store<i32>(heapSlots + (<usize>i << 2), s);
}

/** Whether row slot a comes before row slot b: earlier time, or the same time and arrived first. */
// @ts-ignore: decorator
@inline
function before(a: i32, b: i32): bool {
  const pa = pendingPtr(a);
  const pb = pendingPtr(b);
  const ta = load<f64>(pa, 8);
  const tb = load<f64>(pb, 8);
  return ta < tb || (ta == tb && load<f64>(pa, 16) < load<f64>(pb, 16));
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
      heapSlots = growRegion(heapSlots, <usize>rowCap << 2);
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
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const ps = slotAt(parent);
    if (!before(s, ps)) break;
    setSlotAt(i, ps);
    i = parent;
  }
  setSlotAt(i, s);
}

/** Time of the next row to release; +∞ when none waits. */
export function nextPendingTime(): f64 {
  return pendingCount == 0 ? Infinity : load<f64>(pendingPtr(slotAt(0)), 8);
}

/** Takes the first row (in time, then arrival order) off the heap; its slot stays readable until freePending. */
export function popPending(): i32 {
  const top = slotAt(0);
  const last = slotAt(--pendingCount);
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= pendingCount) break;
    let c = l;
    if (l + 1 < pendingCount && before(slotAt(l + 1), slotAt(l))) c = l + 1;
    const cs = slotAt(c);
    if (!before(cs, last)) break;
    setSlotAt(i, cs);
    i = c;
  }
  if (pendingCount > 0) setSlotAt(i, last);
  return top;
}

export function freePending(s: i32): void {
  store<i32>(pendingPtr(s), freeHead);
  freeHead = s;
}

/** Heap bytes of the waiting rows. */
export function pendingBytes(): f64 {
  return <f64>rowCap * (<f64>stride + 4);
}
