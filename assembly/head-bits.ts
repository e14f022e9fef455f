// Rows of head bits: one bit per position in a pane's arrival order, set while the slot or entry
// there heads its key's chain. Both pane stores keep them (pane-order.ts: the pool's panes of a
// revising job, with one row per early lane; pane-handles.ts: the entry arrays), and both walk
// them the same way: a window's keys are the set bits of its panes, in pane order.

/** Sets (on) or clears the bit of position `pos` in the row of bits at `row`; returns the change in set bits (-1, 0 or 1). */
// @ts-ignore: decorator
@inline
export function setBit(row: usize, pos: i32, on: bool): i32 {
  const word = row + (<usize>(pos >>> 6) << 3);
  const bit = <u64>1 << <u64>(pos & 63);
  const was = load<u64>(word);
  const now = on ? was | bit : was & ~bit;
  store<u64>(word, now);
  return <i32>(now != was) * (on ? 1 : -1);
}

// A row's set positions in order, one at a time: walkBits(row, count, clear) then nextBit() until
// -1. Module state, not a closure (AssemblyScript has none); nothing in between may start another walk.
let walkRow: usize = 0;
let walkWords: i32 = 0;
let walkWord: i32 = 0;
let walkWordBits: u64 = 0;
let walkClears: bool = false;

/** Starts a walk over the first `count` bits of the row at `row`; with `clear`, each word is cleared as it is read. */
// @ts-ignore: decorator
@inline
export function walkBits(row: usize, count: i32, clear: bool): void {
  walkRow = row;
  walkWords = (count + 63) >>> 6;
  walkWord = -1;
  walkWordBits = 0;
  walkClears = clear;
}

/** The walk's next set position, or -1 when the row has no more. */
// @ts-ignore: decorator
@inline
export function nextBit(): i32 {
  while (walkWordBits == 0) {
    if (++walkWord >= walkWords) return -1;
    const at = walkRow + (<usize>walkWord << 3);
    walkWordBits = load<u64>(at);
    if (walkClears && walkWordBits != 0) store<u64>(at, 0);
  }
  const pos = (walkWord << 6) | <i32>ctz(walkWordBits);
  walkWordBits &= walkWordBits - 1;
  return pos;
}
