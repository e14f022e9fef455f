// The columnar batch: one row per stream entry of the current reply. Sized once per job by
// `setBatchCapacity` (the reader's COUNT), so the hot loops never check for growth.
//
//   status   u8  × capacity   STATUS_* from layout.ts
//   keyId    i32 × capacity   dense key id from key-table.ts
//   time     f64 × capacity   event time, integer ms since the epoch
//   values   f64 × capacity × valueCount, row-major (row i starts at i × valueCount)
//   entryOff i32 × capacity   byte offset of the entry's `*2` header in the input region
//   entryLen i32 × capacity   byte length of the entry
//   entryIds bytes: the entry IDs, each followed by one space (the last is where reading resumes)
//   itemPtr  u32 × capacity × itemCount   address of an item field's bytes (in the input region,
//                                          or a host copy for entries decoded on the host)
//   itemLen  i32 × capacity × itemCount   its length; -1 when the entry has no such field

import { MAX_VALUES, MAX_ITEMS } from './layout';

export let capacity: i32 = 0;
export let valueCount: i32 = 1;
export let statusCol: usize = 0;
export let keyIdCol: usize = 0;
export let timeCol: usize = 0;
export let valuesCol: usize = 0;
export let entryOffCol: usize = 0;
export let entryLenCol: usize = 0;
export let entryIds: usize = 0;
export let itemCount: i32 = 0;
export let itemPtrCol: usize = 0;
export let itemLenCol: usize = 0;
export let entryIdsLen: i32 = 0;

export function resetEntryIds(): void {
  entryIdsLen = 0;
}

/** Appends an entry ID and one space to the entry ID buffer. */
export function appendEntryId(p: usize, len: i32): void {
  const at = entryIds + entryIdsLen;
  memory.copy(at, p, len);
  store<u8>(at + len, 32);
  entryIdsLen += len + 1;
}

// An entry ID is at most 20 digits, '-', 20 digits; one space follows each.
const MAX_ID_BYTES: i32 = 42;

function realloc(p: usize, bytes: i32): usize {
  if (p != 0) heap.free(p);
  return heap.alloc(<usize>bytes);
}

/** Item fields per entry; call before setBatchCapacity. */
export function setItemCount(items: i32): void {
  assert(items >= 0 && items <= MAX_ITEMS);
  itemCount = items;
}

export function setBatchCapacity(n: i32, values: i32): void {
  assert(values >= 1 && values <= MAX_VALUES);
  itemPtrCol = realloc(itemPtrCol, max(1, n * 4 * itemCount));
  itemLenCol = realloc(itemLenCol, max(1, n * 4 * itemCount));
  capacity = n;
  valueCount = values;
  statusCol = realloc(statusCol, n);
  keyIdCol = realloc(keyIdCol, n * 4);
  timeCol = realloc(timeCol, n * 8);
  valuesCol = realloc(valuesCol, n * 8 * values);
  entryOffCol = realloc(entryOffCol, n * 4);
  entryLenCol = realloc(entryLenCol, n * 4);
  entryIds = realloc(entryIds, n * MAX_ID_BYTES);
}
