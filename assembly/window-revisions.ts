// Tumbling and hopping windows that outlive their first result: allowed lateness and the emit
// modes `early` and `update` (DESIGN.md, "Lateness and emission"). With the defaults (final, no
// allowed lateness) window-process.ts runs the fast paths instead, which free a window as soon as
// it is emitted.
//
//   size 10, allowedLateness 5, ooo 0:   |0 ........ 10)|10 ....... 20)|
//   a@3 a@12 (wm 12: [0,10) final, rev 0)   a@4 (10 ≤ wm 12 < 10 + 5: late result, rev 1)
//   a@17 (wm 17 ≥ 10 + 5: [0,10) is freed)  a@5 (its window ended 7 ms ago, beyond 5: late stream)
//
// Events fold into panes as in the fast paths (for tumbling windows a pane is the window); a window
// [e − size, e) is its key's panes there, in the fixed grouping of pane-blocks.ts (tail right fold ⊕
// head left fold; window-reference.ts writes it plainly). Results, their words and revisions:
// revision-results.ts. Per event, in this order:
//   1. late check: its pane's last window ended at least allowedLateness ago (pane + size +
//      allowedLateness ≤ watermark) → late stream;
//   2. fold into its pane; move the clock;
//   3. when the watermark moved from w0 to w1: `final` results of the windows ending in (w0, w1],
//      `early` results of the open windows with a firing point start + k·interval in (w0, w1], both
//      by window end; then panes whose every window is past end + allowedLateness are freed;
//   4. its own windows, by end: each already final and still within allowed lateness gets a `late`
//      result; with `update`, each still open gets an `update` result.
// The order makes every result of one event sorted by window end (finals end at or before w1, the
// rest after it; a late event never moves the watermark).
//
// Replay (DESIGN.md, "Recovery by replay"): a successor replays from the replay position under the
// clock it had there, so every verdict, firing and revision is the first run's; results caused by
// rows before `mutedBefore` (entries at or before the committed position) are counted, not written.

import { EMIT_FINAL, EMIT_EARLY, EMIT_UPDATE, EMIT_LATE } from './layout';
import { statusCol, keyIdCol, timeCol } from './batch-columns';
import { hasSketches, freeSketches } from './accumulators';
import { tumblingStart } from './tumbling-assign';
import { windowKind, windowSizeMs, paneMs, blockStart, KIND_HOPPING } from './window-kind';
import { watermark, outOfOrderness, observeEventTime, advanceToEnd, advanceIdle } from './watermark';
import { slotPtr } from './slot-pool';
import { slotWindow, winCount, windowAt, windowStartAt, firstSlotAt, dropFirstWindows } from './window-registry';
import { slotRefused, slotFor, slotCreated, releaseHeadSlot, keyHeadOf } from './window-store';
import { resetResults, resultCount, enableResultTags } from './window-results';
import { paneOfRow, foldRow } from './batch-rows';
import { noteRevisedPane, separateEarlyFolds, revisedFoldBytes, foldLatestTails } from './revision-folds';
import { noteRevisedSlot, advanceHeadCursor, firstPaneFrom } from './revision-heads';
import { freePaneOrder } from './pane-order';
import { configureRevisionResults, revisionResultBytes, ensureRevisionKey, emitWindow, emitFinal, emitEarly, emitResult } from './revision-results';
import { configureEarlyHeads } from './early-heads';

export const MODE_FINAL: i32 = 0;
export const MODE_EARLY: i32 = 1;
export const MODE_UPDATE: i32 = 2;

/** Whether the job revises results (configureRevisions was called). */
export let revising: bool = false;
let lateness: f64 = 0;
let mode: i32 = MODE_FINAL;
let earlyMs: f64 = 0;

/** The watermark up to which finals, early firings and frees are done. */
let handledWm: f64 = -Infinity;
/** The smallest watermark at which step 3 has anything to do. */
let nextTrigger: f64 = Infinity;
/** Results caused by rows below this are counted but not written (replayed entries). */
export let mutedBefore: i32 = 0;
let currentRow: i32 = 0;

/**
 * Keeps windows until watermark ≥ end + latenessMs and emits in `emitMode` (MODE_*; `earlyIntervalMs`
 * for MODE_EARLY). Call after configureWatermark and configureWindows, before the first event.
 */
export function configureRevisions(latenessMs: f64, emitMode: i32, earlyIntervalMs: f64): void {
  assert(latenessMs >= 0 && emitMode >= MODE_FINAL && emitMode <= MODE_UPDATE);
  assert(emitMode != MODE_EARLY || earlyIntervalMs >= 1);
  revising = true;
  lateness = latenessMs;
  mode = emitMode;
  earlyMs = earlyIntervalMs;
  configureRevisionResults(<i32>Math.floor((outOfOrderness + latenessMs + windowSizeMs) / paneMs) + 1);
  enableResultTags();
  if (emitMode == MODE_EARLY && windowKind == KIND_HOPPING) {
    separateEarlyFolds();
    // One lane per window an advance of one slide fires, and one spare (early-heads.ts).
    configureEarlyHeads(min(<i32>Math.ceil(windowSizeMs / earlyIntervalMs) + 1, 16));
  }
}

/** Rows below `rows` of the next batch were committed before: their results are counted, not written. */
export function muteRowsBefore(rows: i32): void {
  mutedBefore = rows;
}

/** The clock was restored (window-recovery.ts): nothing before `wm` is to be done again. */
export function resumeRevisionsAt(wm: f64): void {
  handledWm = wm;
  nextTrigger = computeNextTrigger();
}

/** Heap bytes of the revision rings and stamps (0 unless the job revises results). */
export function revisionStateBytes(): f64 {
  return revisionResultBytes() + revisedFoldBytes();
}

/** Processes rows [0, n); with `drain` set, end of input follows the batch. Returns results emitted. */
export function processRevisingBatch(n: i32, drain: bool): i32 {
  resetResults();
  const S = windowSizeMs;
  const P = paneMs;
  for (let i = 0; i < n; i++) {
    const t = load<f64>(timeCol + (<usize>i << 3));
    const p = paneOfRow(i, t, S, lateness);
    if (isNaN(p)) continue;
    currentRow = i;
    const keyId = load<i32>(keyIdCol + (<usize>i << 2));
    const refused = slotRefused(keyId, p);
    if (refused != 0) {
      store<u8>(statusCol + i, refused);
      continue;
    }
    const panes = winCount;
    const s = slotFor(keyId, p, p + P);
    if (slotCreated && windowKind == KIND_HOPPING) noteRevisedSlot(s, slotWindow, keyId);
    const sp = slotPtr(s);
    foldRow(i, t, sp + 24, sp + 32);
    if (windowKind == KIND_HOPPING) noteRevisedPane(keyId, p);
    if (winCount != panes) nextTrigger = computeNextTrigger();
    observeEventTime(t);
    advance();
    // The event's own windows [e − S, e), e = p + P … p + S.
    const wm = watermark;
    if (mode != MODE_UPDATE && p + P > wm) continue;
    ensureRevisionKey(keyId);
    let h = keyHeadOf(keyId);
    for (let e = p + P; e <= p + S; e += P) {
      if (e > wm && mode != MODE_UPDATE) break;
      if (e <= wm && e + lateness <= wm) continue;
      while (load<f64>(slotPtr(h), 16) < e - S) h = load<i32>(slotPtr(h), 4);
      emitResult(keyId, h, e, e <= wm ? EMIT_LATE : EMIT_UPDATE, currentRow < mutedBefore);
    }
  }
  currentRow = n;
  if (drain) advanceToEnd();
  advance();
  mutedBefore = 0;
  return resultCount;
}

/** Advances an idle partition's watermark by `elapsedMs`. Returns results emitted. */
export function processRevisingIdle(elapsedMs: f64): i32 {
  resetResults();
  currentRow = 0;
  mutedBefore = 0;
  advanceIdle(elapsedMs);
  advance();
  return resultCount;
}

/** Step 3 for the watermark's move from handledWm to where it is now. */
function advance(): void {
  const w1 = watermark;
  if (w1 <= handledWm) return;
  if (w1 >= nextTrigger) {
    const w0 = handledWm;
    handledWm = w1;
    const muted = currentRow < mutedBefore;
    let e = nextEndAfter(w0);
    while (e <= w1 && e < Infinity) {
      if (windowKind == KIND_HOPPING) emitFinal(e, muted);
      else emitWindow(e, EMIT_FINAL, muted);
      e = nextEndAfter(e);
    }
    // No window to come is final before the next end on the grid after w1: the pane heads move
    // past every pane freed below.
    if (windowKind == KIND_HOPPING && w1 < Infinity) advanceHeadCursor(tumblingStart(w1) + paneMs - windowSizeMs);
    if (mode == MODE_EARLY) {
      // The tail block holding the newest pane: its suffixes for every key at once (revision-folds.ts).
      const newest = winCount > 0 ? windowStartAt(winCount - 1) : Infinity;
      let folded: f64 = NaN;
      while (e < Infinity) {
        const f = firstFiringAfter(e - windowSizeMs, w0);
        if (f <= w1 && f < e) {
          if (windowKind == KIND_HOPPING) {
            const G = blockStart(e);
            if (G != folded && G > newest && e - windowSizeMs < G) {
              foldLatestTails(e - windowSizeMs, G);
              folded = G;
            }
            emitEarly(e, muted);
          } else emitWindow(e, EMIT_EARLY, muted);
        }
        e = nextEndAfter(e);
      }
    }
    freeExpired(w1);
    nextTrigger = computeNextTrigger();
  }
  handledWm = w1;
}

/** The smallest end e > x on the pane grid of a window holding at least one pane; +∞ for none. */
function nextEndAfter(x: f64): f64 {
  if (winCount == 0 || x == Infinity) return Infinity;
  const P = paneMs;
  const e0 = x == -Infinity ? -Infinity : tumblingStart(x) + P;
  const i = firstPaneFrom(e0 - windowSizeMs);
  if (i == winCount) return Infinity;
  const p = windowStartAt(i);
  return p < e0 ? e0 : p + P;
}

/** The first firing point start + k·interval (k ≥ 1) after x. */
// @ts-ignore: decorator
@inline
function firstFiringAfter(start: f64, x: f64): f64 {
  if (x < start + earlyMs) return start + earlyMs;
  return start + (Math.floor((x - start) / earlyMs) + 1) * earlyMs;
}

/** The smallest watermark at which step 3 would emit or free anything. */
function computeNextTrigger(): f64 {
  if (winCount == 0) return Infinity;
  const wm = handledWm;
  let next = nextEndAfter(wm);
  const expiry = windowStartAt(0) + windowSizeMs + lateness;
  if (expiry < next) next = expiry;
  if (mode == MODE_EARLY) {
    let e = nextEndAfter(wm);
    while (e < Infinity) {
      const f = firstFiringAfter(e - windowSizeMs, wm);
      if (f < e && f < next) next = f;
      e = nextEndAfter(e);
    }
  }
  return next;
}

/** Frees the panes whose every window ended at least allowedLateness ago. */
function freeExpired(wm: f64): void {
  const sketches = hasSketches();
  let w = 0;
  while (w < winCount && windowStartAt(w) + windowSizeMs + lateness <= wm) {
    // Panes go in start order, so each slot of the first one heads its key's chain.
    let s = firstSlotAt(w);
    while (s >= 0) {
      const p = slotPtr(s);
      const next = load<i32>(p, 8);
      if (sketches) freeSketches(p + 32);
      releaseHeadSlot(s);
      s = next;
    }
    freePaneOrder(windowAt(w));
    w++;
  }
  dropFirstWindows(w);
}
