// Where the reader assembles a reply: socket chunks are copied straight here, framed by
// resp-frame.ts, decoded in place. Bytes stay put until the next reply, so the host can read an
// entry's original fields back for the dead-letter and late streams.

export let inputPtr: usize = 0;
export let inputCap: i32 = 0;

/** Makes room for `needed` bytes, keeping the first `keep`; returns the (possibly moved) base. */
export function reserveInput(needed: i32, keep: i32): usize {
  if (needed > inputCap) {
    let cap = inputCap == 0 ? 1 << 20 : inputCap;
    // Doubling past 1 GiB would overflow i32: beyond it, grow to exactly what is needed (the host
    // refuses replies that large anyway: PartitionKernel.appendInput).
    while (cap < needed) cap = cap >= 1 << 30 ? needed : cap << 1;
    const next = heap.alloc(<usize>cap);
    if (inputPtr != 0) {
      if (keep > 0) memory.copy(next, inputPtr, <usize>keep);
      heap.free(inputPtr);
    }
    inputPtr = next;
    inputCap = cap;
  }
  return inputPtr;
}

// A small scratch area for host → WASM byte strings (a key decoded on the host, config strings).
export let scratchPtr: usize = 0;
let scratchCap: i32 = 0;

export function reserveScratch(needed: i32): usize {
  if (needed > scratchCap) {
    if (scratchPtr != 0) heap.free(scratchPtr);
    scratchCap = max(needed, 4096);
    scratchPtr = heap.alloc(<usize>scratchCap);
  }
  return scratchPtr;
}
