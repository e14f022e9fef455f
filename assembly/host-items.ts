// Copies of item-field bytes for entries the host decoded (msgpack payloads, slow-path entries):
// their bytes are not in the input region as such, so the host writes them here. They live until
// the next reply is decoded, by which time the batch that used them has been processed.

import { growRegion } from './heap-region';

let list: usize = 0; // usize per allocation
let listCap: i32 = 0;
let listCount: i32 = 0;

/** Room for `len` bytes of one item, valid until the next decodeReply. */
export function hostItemAlloc(len: i32): usize {
  if (listCount == listCap) {
    listCap = listCap == 0 ? 256 : listCap * 2;
    list = growRegion(list, <usize>listCap << 2);
  }
  const p = heap.alloc(<usize>max(len, 1));
  store<usize>(list + (<usize>listCount << 2), p);
  listCount++;
  return p;
}

export function releaseHostItems(): void {
  for (let i = 0; i < listCount; i++) heap.free(load<usize>(list + (<usize>i << 2)));
  listCount = 0;
}
