// State limits (issue 3): at most `maxKeys` keys with open state per partition and at most
// `maxOpenWindows` open slots per key (a tumbling window, a hopping pane, a kept pane of a revising
// job, a session). An event that would make a key beyond the first limit hold state, or open a slot
// beyond the second, gets status STATUS_KEY_LIMIT / STATUS_WINDOW_LIMIT instead of entering state
// (the host dead-letters it with reason `state-limit`). Counts change only inside the row loop, in
// input order, so every verdict is a pure function of the input order (and of where the watermark
// stood at the event, as for late events). A key whose last slot closed no longer counts toward
// maxKeys: its id stays in the key table (bytes only), its state is gone.

import { growRegion } from './heap-region';
import { STATUS_KEY_LIMIT, STATUS_WINDOW_LIMIT } from './layout';

export let maxKeys: i32 = 0x7fffffff;
export let maxOpenWindows: i32 = 0x7fffffff;
/** Keys holding at least one open slot (window, pane or session). */
export let keysWithState: i32 = 0;

let open: usize = 0; // i32 per key id: its open slots
let cap: i32 = 0;

export function configureStateLimits(keys: i32, windows: i32): void {
  assert(keys >= 1 && windows >= 1);
  maxKeys = keys;
  maxOpenWindows = windows;
}

function ensure(keyId: i32): void {
  if (keyId < cap) return;
  let c = cap == 0 ? 1024 : cap * 2;
  while (c <= keyId) c *= 2;
  open = growRegion(open, <usize>c << 2);
  memory.fill(open + (<usize>cap << 2), 0, <usize>(c - cap) << 2);
  cap = c;
}

// @ts-ignore: decorator
@inline
export function openSlotsOf(keyId: i32): i32 {
  return keyId < cap ? load<i32>(open + (<usize>keyId << 2)) : 0;
}

/** 0 when key may open one more slot, else the status that refuses it (STATUS_KEY_LIMIT / STATUS_WINDOW_LIMIT). */
// @ts-ignore: decorator
@inline
export function refuseNewSlot(keyId: i32): u8 {
  const n = openSlotsOf(keyId);
  if (n == 0) return keysWithState >= maxKeys ? STATUS_KEY_LIMIT : 0;
  return n >= maxOpenWindows ? STATUS_WINDOW_LIMIT : 0;
}

// @ts-ignore: decorator
@inline
export function noteSlotOpened(keyId: i32): void {
  if (keyId >= cap) ensure(keyId);
  const at = open + (<usize>keyId << 2);
  const n = load<i32>(at);
  if (n == 0) keysWithState++;
  store<i32>(at, n + 1);
}

// @ts-ignore: decorator
@inline
export function noteSlotClosed(keyId: i32): void {
  const at = open + (<usize>keyId << 2);
  const n = load<i32>(at) - 1;
  store<i32>(at, n);
  if (n == 0) keysWithState--;
}

/** Keys holding state now (open slots, or a detector state for a job that detects on events). */
export function stateKeyCount(): i32 {
  return keysWithState;
}

/** A detector state was created for a new key (detect-events.ts): it holds state from now on. */
export function noteDetectorKey(): void {
  keysWithState++;
}

/** Bytes of the per-key counts. */
export function stateLimitBytes(): f64 {
  return <f64>cap * 4;
}
