// The order of a hopping window's keys: by their earliest pane in the window, then by first
// arrival in that pane. Every open pane before a window's end is in the window (panes no window to
// come contains are freed), so a key's earliest pane in it is the head of its chain. Each pane
// keeps its slots in arrival order (position → slot) and one bit per position, set while that slot
// heads its key's chain; a window's keys are the set bits of its panes, in pane order. Each key
// comes once, without stamps and without visiting the (pane, key) slots that are not heads: the
// old way visited size/slide slots per result. A slot becomes a head when it is created ahead of
// its key's chain, or when the pane before it in the chain is freed.
//
// These are the slot pool's panes, a revising job's (revision-heads.ts); a job that revises nothing
// keeps entries in pane arrays with head bits of the same meaning (pane-handles.ts).
//
// Hopping slots carry words of their own after the accumulator words:
//   0  pos       i32   position in its pane's arrival order
//   4  folded    i32   1 once its words are in one of its key's cached aggregates (pane-blocks.ts)
//   8  aggCount  f64   \ the suffix aggregate this slot carries while its pane is in the window's
//   16 agg       f64 × accWords / tail block (pane-blocks.ts)

import { accWords } from './accumulators';
import { growRegion } from './heap-region';
import { setBit, walkBits, nextBit } from './head-bits';

let lastCap: i32 = 64;

/** Bytes of hopping words per slot. */
export function hoppingSlotBytes(): usize {
  return 16 + (<usize>accWords << 3);
}

/** Offset of the hopping words in a slot. */
// @ts-ignore: decorator
@inline
export function hopOff(): usize {
  return 32 + (<usize>accWords << 3);
}

// Registry entry fields of a pane (window-registry.ts, within its WIN_BYTES): arrival order, its
// length and capacity, head bits.
const ORDER: usize = 24;
const COUNT: usize = 28;
const CAP: usize = 32;
const BITS: usize = 36;

/**
 * Rows of head bits per pane: row 0 the key heads of the fast path and of a revising job's finals,
 * one more row per early-result lane (early-heads.ts). Set before the first pane.
 */
let headRows: i32 = 1;

export function setHeadRows(n: i32): void {
  assert(n >= 1);
  headRows = n;
}

/** Heap bytes of pane entry `w`'s arrival order and head bits (0 for tumbling windows). */
export function paneBytes(w: usize): i32 {
  const cap = load<i32>(w, CAP);
  return cap * 4 + (cap >> 3) * headRows;
}

/** Appends slot s to pane entry w's arrival order (its head bit clear); returns its position. */
// @ts-ignore: decorator
@inline
export function appendToPane(w: usize, s: i32): i32 {
  const pos = load<i32>(w, COUNT);
  let cap = load<i32>(w, CAP);
  if (pos == cap) {
    // A new pane starts at the size the last one grew to: panes of one job hold similar key counts.
    const next = cap == 0 ? lastCap : cap * 2;
    if (next > lastCap) lastCap = next;
    store<u32>(w, <u32>growRegion(<usize>load<u32>(w, ORDER), <usize>next << 2), ORDER);
    const was = <usize>cap >> 3;
    const row = <usize>next >> 3;
    const bits = growRegion(<usize>load<u32>(w, BITS), row * <usize>headRows);
    // Rows are laid end to end, each as long as the capacity: the last moves first.
    for (let r = headRows - 1; r >= 0; r--) {
      if (r > 0) memory.copy(bits + <usize>r * row, bits + <usize>r * was, was);
      memory.fill(bits + <usize>r * row + was, 0, row - was);
    }
    store<u32>(w, <u32>bits, BITS);
    store<i32>(w, next, CAP);
    cap = next;
  }
  store<i32>(<usize>load<u32>(w, ORDER) + (<usize>pos << 2), s);
  store<i32>(w, pos + 1, COUNT);
  return pos;
}

/** Sets or clears the head bit of position `pos` in pane entry w (row 0). */
// @ts-ignore: decorator
@inline
export function setHead(w: usize, pos: i32, on: bool): void {
  setBit(<usize>load<u32>(w, BITS), pos, on);
}

/** setHead on row `row` of the pane's head bits (early-heads.ts' lanes; row 0 is setHead's). */
export function setHeadIn(w: usize, row: i32, pos: i32, on: bool): void {
  setBit(headRow(w, row), pos, on);
}

// @ts-ignore: decorator
@inline
function headRow(w: usize, row: i32): usize {
  return <usize>load<u32>(w, BITS) + <usize>row * (<usize>load<i32>(w, CAP) >> 3);
}

/** Copies pane entry w's head bits of row `from` over row `to`. */
export function copyHeadRow(w: usize, from: i32, to: i32): void {
  const bytes = <usize>load<i32>(w, CAP) >> 3;
  const bits = <usize>load<u32>(w, BITS);
  memory.copy(bits + <usize>to * bytes, bits + <usize>from * bytes, bytes);
}

// A pane's head slots in arrival order, one at a time: headsOf(pane) then nextHead() until -1
// (head-bits.ts' walk; nothing in between may start another walk).
let walkOrder: usize = 0;

/** Starts a walk over pane entry w's head slots; with `clear`, each word of bits is cleared as it is read. */
// @ts-ignore: decorator
@inline
export function headsOf(w: usize, clear: bool): void {
  headsOfRow(w, clear, 0);
}

/** headsOf over row `row` of the pane's head bits. */
// @ts-ignore: decorator
@inline
export function headsOfRow(w: usize, clear: bool, row: i32): void {
  walkOrder = <usize>load<u32>(w, ORDER);
  walkBits(headRow(w, row), load<i32>(w, COUNT), clear);
}

/** The walk's next head slot, or -1 when the pane has no more. */
// @ts-ignore: decorator
@inline
export function nextHead(): i32 {
  const pos = nextBit();
  return pos < 0 ? -1 : load<i32>(walkOrder + (<usize>pos << 2));
}

/** Pane entry w's slot count, the address of its arrival order and of its head bits. */
export function paneCount(w: usize): i32 {
  return load<i32>(w, COUNT);
}
export function paneOrder(w: usize): usize {
  return <usize>load<u32>(w, ORDER);
}

/** Frees pane entry w's arrival order and head bits (its slots already released). */
export function freePaneOrder(w: usize): void {
  if (load<i32>(w, CAP) == 0) return;
  heap.free(<usize>load<u32>(w, ORDER));
  heap.free(<usize>load<u32>(w, BITS));
  store<i32>(w, 0, CAP);
}
