// Per-neuron lists of the context detector's derived indexes (context-zero-index.ts,
// context-left-lists.ts) as contiguous blocks, each grown by doubling: a row walks a neuron's whole
// list, and one block is a few cache lines where a linked list through a shared region was one
// line per entry (the model is megabytes, so each was a miss).
//
// Block: 0 length i32 (entries), 4 capacity i32, then the entries.

export const BLOCK_HEADER: usize = 8;

/**
 * Appends one entry of `bytes` to the block whose address is at `head` (0: none yet), making or
 * doubling it as needed, and adds the bytes it grew by to the i32 at `counter`. Returns the new
 * entry's address, for the caller to fill.
 */
export function blockAppend(head: usize, bytes: usize, counter: usize): usize {
  let block = load<usize>(head);
  const len = block != 0 ? load<i32>(block) : 0;
  const cap = block != 0 ? load<i32>(block, 4) : 0;
  if (len == cap) {
    const next = max(cap * 2, 4);
    const grown = heap.alloc(BLOCK_HEADER + <usize>next * bytes);
    if (block != 0) {
      memory.copy(grown + BLOCK_HEADER, block + BLOCK_HEADER, <usize>len * bytes);
      heap.free(block);
    }
    store<i32>(grown, next, 4);
    store<i32>(counter, load<i32>(counter) + <i32>(<usize>(next - cap) * bytes) + (cap == 0 ? <i32>BLOCK_HEADER : 0));
    store<usize>(head, grown);
    block = grown;
  }
  store<i32>(block, len + 1);
  return block + BLOCK_HEADER + <usize>len * bytes;
}

/** Entries in the block (0 for none). */
// @ts-ignore: decorator
@inline
export function blockLen(block: usize): i32 {
  return block != 0 ? load<i32>(block) : 0;
}

/** Frees every block of a table of `n` block addresses (u32 each, 0 none). */
export function blocksFree(heads: usize, n: i32): void {
  for (let c = 0; c < n; c++) {
    const block = load<usize>(heads + (<usize>c << 2));
    if (block != 0) heap.free(block);
  }
}
