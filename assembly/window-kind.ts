// Which windows a job computes. Events always go to panes (tumbling-assign.ts with the pane size):
// for tumbling windows a pane is the window; for hopping windows a pane is one slide, and a window
// is the merge of its size/slide panes (hopping-windows.ts). Session windows have no panes: their
// own store and loop (session-windows.ts). Rolling windows are per event: rolling-windows.ts.

import { configureTumbling } from './tumbling-assign';
import { configureSessions } from './session-windows';
import { configureRolling } from './rolling-windows';

export const KIND_TUMBLING: i32 = 0;
export const KIND_HOPPING: i32 = 1;
export const KIND_SESSION: i32 = 2;
export const KIND_ROLLING: i32 = 3;

export let windowKind: i32 = KIND_TUMBLING;
/** Window size: an event is late once the last window containing its pane has closed. */
export let windowSizeMs: f64 = 1;
/** Pane size: the window size (tumbling) or the slide (hopping). */
export let paneMs: f64 = 1;
// Blocks of a hopping window's panes (pane-blocks.ts): the tumbling windows of its size and offset.
let blockSize: i64 = 1;
let blockOffset: i64 = 0;

export function configureWindows(kind: i32, sizeMs: f64, slideMs: f64, offsetMs: f64): void {
  assert(kind == KIND_TUMBLING || kind == KIND_HOPPING);
  windowKind = kind;
  windowSizeMs = sizeMs;
  paneMs = kind == KIND_HOPPING ? slideMs : sizeMs;
  assert(paneMs >= 1 && windowSizeMs % paneMs == 0);
  configureTumbling(paneMs, offsetMs);
  blockSize = <i64>sizeMs;
  blockOffset = <i64>offsetMs % blockSize;
}

/** Session windows: gap ≥ 1 ms, maxDuration ≥ gap (+∞: none). */
export function configureSessionWindows(gapMs: f64, maxDurationMs: f64): void {
  windowKind = KIND_SESSION;
  configureSessions(gapMs, maxDurationMs);
}

/** Rolling per-event windows: the last `maxRows` events of a key within `spanMs` before each one (rolling-windows.ts). */
export function configureRollingWindows(spanMs: f64, maxRows: i32): void {
  windowKind = KIND_ROLLING;
  configureRolling(spanMs, maxRows);
}

/** The block start in the window [e − size, e): the one point of the size grid in it (window ends are whole ms). */
/** The number of block start G on the block grid (consecutive blocks, consecutive numbers). */
// @ts-ignore: decorator
@inline
export function blockNumber(G: f64): i64 {
  return (<i64>G - blockOffset) / blockSize;
}

export function blockStart(e: f64): f64 {
  const x = <i64>e - 1;
  let r = (x - blockOffset) % blockSize;
  if (r < 0) r += blockSize;
  return <f64>(x - r);
}
