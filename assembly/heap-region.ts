// Growth of a raw region allocated with heap.alloc: realloc needs a live block, so the first
// growth of a never-allocated region (address 0) is an alloc.

export function growRegion(ptr: usize, bytes: usize): usize {
  return ptr == 0 ? heap.alloc(bytes) : heap.realloc(ptr, bytes);
}
