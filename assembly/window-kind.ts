// Which windows a job computes. Events always go to panes (tumbling-assign.ts with the pane size):
// for tumbling windows a pane is the window; for hopping windows a pane is one slide, and a window
// is the merge of its size/slide panes (hopping-windows.ts).

import { configureTumbling } from './tumbling-assign';

export const KIND_TUMBLING: i32 = 0;
export const KIND_HOPPING: i32 = 1;

export let windowKind: i32 = KIND_TUMBLING;
/** Window size: an event is late once the last window containing its pane has closed. */
export let windowSizeMs: f64 = 1;
/** Pane size: the window size (tumbling) or the slide (hopping). */
export let paneMs: f64 = 1;

export function configureWindows(kind: i32, sizeMs: f64, slideMs: f64, offsetMs: f64): void {
  assert(kind == KIND_TUMBLING || kind == KIND_HOPPING);
  windowKind = kind;
  windowSizeMs = sizeMs;
  paneMs = kind == KIND_HOPPING ? slideMs : sizeMs;
  assert(paneMs >= 1 && windowSizeMs % paneMs == 0);
  configureTumbling(paneMs, offsetMs);
}
