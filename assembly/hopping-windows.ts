// Hopping windows by panes (window slicing, as in Flink and Arroyo): events fold into slide-sized
// panes; the window [e − size, e) is made of the panes inside it, emitted when the watermark passes
// e. An event costs what it costs in a tumbling window of size slide, and a result a few merges
// whatever size/slide is:
//
//   size 30, slide 10:   |p0   |p10  |p20  |p30  |
//   window [0, 30)   =    p0 ⊕ p10 ⊕ p20
//   window [10, 40)  =          p10 ⊕ p20 ⊕ p30        p0 is freed once [0, 30) is out
//
//   - the panes: arrays of (key, pane) entries (pane-handles.ts, pane-entries.ts);
//   - which keys a window holds, and in which order: each key once, by its earliest pane in the
//     window, then first arrival in that pane (the set head bits of the window's panes);
//   - a key's count and words: pane-entry-folds.ts (a cached fold of the window's tail and one of
//     its head); its quantile and distinct sketches the same way (pane-entry-sketches.ts), its
//     top-k ones fresh with its panes' merged in, in start order.
//
// This is the job that revises nothing (emit 'final', no allowedLateness); a revising job keeps its
// panes in the slot pool, by its own rules (window-revisions.ts).
//
// Pane ends lie on the slide grid, so window ends do too; the loop jumps over gaps in event time
// (to the first open pane's first window) instead of stepping through empty windows. Every open
// pane starts at or after the next window's start: an event whose pane is before it is late.

import { tumblingStart } from './tumbling-assign';
import { windowSizeMs, paneMs, blockStart } from './window-kind';
import { winCount, windowStartAt, dropFirstWindows, firstWindowStart } from './window-registry';
import { freePaneEntries } from './pane-entries';
import { paneHandleAt, releaseHandle } from './pane-handles';
import { foldEntrySuffixes, foldPrefixesUpTo } from './pane-entry-folds';
import { writePaneResults, setDeferredHeadBits } from './pane-results';

export let lastEmittedEnd: f64 = -Infinity;
/** The window just emitted unlinked its first pane's entries (pane-results.ts): that pane is only to release. */
let firstPaneUnlinked = false;
/** The block start the tail suffixes were last computed for, all keys at once (pane-entry-folds.ts). */
let suffixBlock: f64 = NaN;

/**
 * A partition resumed from a checkpoint with watermark `wm`: every window ending at or before it was
 * emitted by the previous owner, so the next window to close is the first one ending after it (the
 * replayed panes must not re-emit those). Window ends lie on the pane grid.
 */
export function resumeHoppingAfter(wm: f64): void {
  if (wm > -Infinity && wm < Infinity) lastEmittedEnd = tumblingStart(wm);
}

/** End of the next window that could close, or +∞ when no pane is open. Asked on every event. */
// @ts-ignore: decorator
@inline
export function nextHoppingEnd(): f64 {
  // The later of the window after the last one emitted and the first open pane's first window.
  return (lastEmittedEnd > firstWindowStart ? lastEmittedEnd : firstWindowStart) + paneMs;
}

/** Emits every hopping window whose end is ≤ wm, in end order, freeing panes no window needs. */
export function closeHoppingUpTo(wm: f64): void {
  while (winCount > 0) {
    const e = nextHoppingEnd();
    if (e > wm) break;
    emitWindow(e);
    lastEmittedEnd = e;
    freePanesBefore(e - windowSizeMs + paneMs);
  }
}

/** One result per key of window [end − size, end): the folds pane by pane, then a result per head entry (pane-results.ts). */
function emitWindow(end: f64): void {
  const start = end - windowSizeMs;
  const G = blockStart(end);
  // The first window of a block: every key's tail suffixes in one pass over the panes.
  const fresh = G != suffixBlock;
  if (fresh) {
    foldEntrySuffixes(G);
    suffixBlock = G;
  }
  foldPrefixesUpTo(G, end);
  for (let w = 0; w < winCount; w++) {
    const paneStart = windowStartAt(w);
    if (paneStart >= end) break;
    if (writePaneResults(paneHandleAt(w), w == 0, paneStart, start, end, G, fresh)) firstPaneUnlinked = true;
  }
  setDeferredHeadBits();
}

/** Frees panes starting before `firstNeeded`: no window still to come contains them. */
function freePanesBefore(firstNeeded: f64): void {
  let k = 0;
  while (k < winCount && windowStartAt(k) < firstNeeded) k++;
  const oldest = k < winCount ? paneHandleAt(k) : -1;
  for (let w = 0; w < k; w++) {
    const h = paneHandleAt(w);
    if (w == 0 && firstPaneUnlinked) releaseHandle(h);
    else freePaneEntries(w, oldest);
  }
  firstPaneUnlinked = false;
  dropFirstWindows(k);
}
