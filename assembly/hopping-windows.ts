// Hopping windows by panes (window slicing, as in Flink and Arroyo): events fold into slide-sized
// panes; the window [e − size, e) is made of the panes inside it, emitted when the watermark passes
// e. An event costs what it costs in a tumbling window of size slide, and a result a few merges
// whatever size/slide is:
//
//   size 30, slide 10:   |p0   |p10  |p20  |p30  |
//   window [0, 30)   =    p0 ⊕ p10 ⊕ p20
//   window [10, 40)  =          p10 ⊕ p20 ⊕ p30        p0 is freed once [0, 30) is out
//
//   - which keys a window holds, and in which order: pane-order.ts (each key once, by its earliest
//     pane in the window, then first arrival in that pane);
//   - a key's words: pane-blocks.ts (a cached fold of the window's tail and one of its head).
//
// Pane ends lie on the slide grid, so window ends do too; the loop jumps over gaps in event time
// (to the first open pane's first window) instead of stepping through empty windows. Every open
// pane starts at or after the next window's start: an event whose pane is before it is late.

import { RESULT_HEADER_F64 } from './layout';
import { tumblingStart } from './tumbling-assign';
import { freeSketches, hasSketches } from './accumulators';
import { windowSizeMs, paneMs, blockStart } from './window-kind';
import { slotPtr } from './slot-pool';
import { winCount, windowStartAt, windowAt, slotWindow, dropFirstWindows } from './window-registry';
import { releaseHeadSlot, mergeChainSketches } from './window-store';
import { notePaneSlot, becameHead, paneCount, paneOrder, freePaneOrder, headsOf, nextHead } from './pane-order';
import { noteNewSlot, noteFoldedUpdate, writeWindowWords, foldTailSuffixes } from './pane-blocks';
import { nextResult, writeResultHeader, writeResultWindow } from './window-results';
import { freePaneEntries } from './pane-entries';
import { paneHandleAt, headEntriesOf, nextHeadEntry, handleEntries, entryStride, refOf } from './pane-handles';
import { foldEntrySuffixes, foldPrefixesUpTo, writeEntryWindow } from './pane-entry-folds';

export let lastEmittedEnd: f64 = -Infinity;
/**
 * Whether the panes are pane-entries.ts' (a job with no revisions and no sketches), not pool
 * slots: window-process.ts decides before each batch (the job's configuration decides).
 */
let entryPanes: bool = false;

export function useEntryPanes(on: bool): void {
  entryPanes = on;
}
/** The block start the tail suffixes were last computed for, all keys at once (pane-blocks.ts). */
let suffixBlock: f64 = NaN;

/**
 * A partition resumed from a checkpoint with watermark `wm`: every window ending at or before it was
 * emitted by the previous owner, so the next window to close is the first one ending after it (the
 * replayed panes must not re-emit those). Window ends lie on the pane grid.
 */
export function resumeHoppingAfter(wm: f64): void {
  if (wm > -Infinity && wm < Infinity) lastEmittedEnd = tumblingStart(wm);
}

/** End of the next window that could close, or +∞ when no pane is open. */
export function nextHoppingEnd(): f64 {
  if (winCount == 0) return Infinity;
  return max(lastEmittedEnd + paneMs, windowStartAt(0) + paneMs);
}

/** Bookkeeping for slot s, just created for (keyId, pane start) by `slotFor`. */
export function hoppingSlotCreated(s: i32, keyId: i32, start: f64): void {
  notePaneSlot(s, slotWindow);
  noteNewSlot(keyId, start);
}

/** An event was folded into the key's slot at p: if the slot's words are in a cached fold, the fold is stale. */
// @ts-ignore: decorator
@inline
export function hoppingSlotUpdated(p: usize, hop: usize, keyId: i32): void {
  if (load<i32>(p + hop, 4) != 0) noteFoldedUpdate(keyId);
}

/** Emits every hopping window whose end is ≤ wm, in end order, freeing panes no window needs. */
export function closeHoppingUpTo(wm: f64): void {
  while (winCount > 0) {
    const e = nextHoppingEnd();
    if (e > wm) break;
    if (entryPanes) emitEntryWindow(e);
    else emitWindow(e);
    lastEmittedEnd = e;
    if (entryPanes) freeEntryPanesBefore(e - windowSizeMs + paneMs);
    else freePanesBefore(e - windowSizeMs + paneMs);
  }
}

/** emitWindow for pane-entries.ts' panes: the folds pane by pane (pane-entry-folds.ts), then a result per head entry. */
function emitEntryWindow(end: f64): void {
  const start = end - windowSizeMs;
  const G = blockStart(end);
  const fresh = G != suffixBlock;
  if (fresh) {
    foldEntrySuffixes(G);
    suffixBlock = G;
  }
  foldPrefixesUpTo(G, end);
  const stride = entryStride();
  for (let w = 0; w < winCount; w++) {
    if (windowStartAt(w) >= end) break;
    const h = paneHandleAt(w);
    const paneStart = windowStartAt(w);
    const base = handleEntries(h);
    headEntriesOf(h);
    for (let pos = nextHeadEntry(); pos >= 0; pos = nextHeadEntry()) {
      const p = base + <usize>pos * stride;
      const keyId = load<i32>(p);
      const r = nextResult();
      // The count and the words: a counted block at the header's count (window-results.ts).
      writeEntryWindow(r + 24, keyId, refOf(h, pos), p, paneStart, G, end, fresh);
      writeResultWindow(r, keyId, start, end);
    }
  }
}

/** freePanesBefore for pane-entries.ts' panes. */
function freeEntryPanesBefore(firstNeeded: f64): void {
  let w = 0;
  while (w < winCount && windowStartAt(w) < firstNeeded) freePaneEntries(w++);
  dropFirstWindows(w);
}

function emitWindow(end: f64): void {
  const start = end - windowSizeMs;
  const G = blockStart(end);
  const sketches = hasSketches();
  // The first window of a block: every key's tail suffixes in one pass over the panes.
  const fresh = G != suffixBlock;
  if (fresh) {
    foldTailSuffixes(G);
    suffixBlock = G;
  }
  for (let w = 0; w < winCount; w++) {
    const pane = windowAt(w);
    if (load<f64>(pane) >= end) break;
    headsOf(pane, false);
    for (let s = nextHead(); s >= 0; s = nextHead()) emitKey(s, start, end, G, sketches, fresh);
  }
}

/** One result for the key whose earliest open slot is `head`. */
function emitKey(head: i32, start: f64, end: f64, G: f64, sketches: bool, suffixesFresh: bool): void {
  const keyId = load<i32>(slotPtr(head));
  const r = nextResult();
  const acc = r + (<usize>RESULT_HEADER_F64 << 3);
  const n = writeWindowWords(acc, keyId, head, end, G, suffixesFresh);
  if (sketches) mergeChainSketches(acc, head, end);
  writeResultHeader(r, keyId, start, end, n);
}

/** Frees panes starting before `firstNeeded`: no window still to come contains them. */
function freePanesBefore(firstNeeded: f64): void {
  const sketches = hasSketches();
  let w = 0;
  let hint = -1;
  while (w < winCount && windowStartAt(w) < firstNeeded) {
    const pane = windowAt(w);
    const order = paneOrder(pane);
    const n = paneCount(pane);
    // Every slot of the first pane heads its key's chain; the next slot of the chain takes over.
    for (let i = 0; i < n; i++) {
      const s = load<i32>(order + (<usize>i << 2));
      const p = slotPtr(s);
      const next = load<i32>(p, 4);
      if (sketches) freeSketches(p + 32);
      releaseHeadSlot(s);
      if (next >= 0) hint = becameHead(next, hint);
    }
    freePaneOrder(pane);
    w++;
  }
  dropFirstWindows(w);
}
