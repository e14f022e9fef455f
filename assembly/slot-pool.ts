// The pool of accumulator slots of open windows. A slot holds one (window, key):
//
//   0  keyId    i32
//   4  keyNext  i32   next open slot of the same key, ascending start (-1 = none); free-list link
//   8  winNext  i32   next slot of the same window, in order of creation (-1 = none)
//   12 (pad)
//   16 start    f64
//   24 count    f64
//   32 acc      f64 × accWords (every accumulator's words, in job order)
//
// Hopping windows append their own per-slot words after the accumulator words (pane-order.ts).
// The per-key chains and the windows a slot belongs to: window-store.ts, window-registry.ts.

import { accWords } from './accumulators';
import { windowKind, KIND_HOPPING } from './window-kind';
import { hoppingSlotBytes } from './pane-order';
import { growRegion } from './heap-region';

let slots: usize = 0;
let slotCap: i32 = 0;
let slotUsed: i32 = 0; // high-water mark
let freeHead: i32 = -1;
export let openSlots: i32 = 0;

let stride: usize = 0; // fixed at the first allocation, once the job's accumulators are known

// @ts-ignore: decorator
@inline
export function slotStride(): usize {
  return stride;
}

// @ts-ignore: decorator
@inline
export function slotPtr(s: i32): usize {
  return slots + <usize>s * slotStride();
}

/** A free slot, its words not yet set. */
export function allocSlot(): i32 {
  openSlots++;
  if (freeHead >= 0) {
    const s = freeHead;
    freeHead = load<i32>(slotPtr(s), 4);
    return s;
  }
  if (slotUsed == slotCap) {
    // Hopping slots carry their position in the pane and a tail suffix (pane-order.ts), revised or not.
    if (slotCap == 0) stride = 32 + (<usize>accWords << 3) + (windowKind == KIND_HOPPING ? hoppingSlotBytes() : 0);
    slotCap = slotCap == 0 ? 4096 : slotCap * 2;
    slots = growRegion(slots, <usize>slotCap * slotStride());
  }
  return slotUsed++;
}

// @ts-ignore: decorator
@inline
export function freeSlot(s: i32): void {
  store<i32>(slotPtr(s), freeHead, 4);
  freeHead = s;
  openSlots--;
}

/** Bytes of the pool itself, free slots included (not the sketches its slots point to). */
export function slotPoolBytes(): f64 {
  return <f64>slotCap * <f64>slotStride();
}
