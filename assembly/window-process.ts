// One call per batch: fold every decoded event into its window, send late events aside, advance
// the clock, close what the watermark has passed. Entries whose status is not OK were already
// routed by the host (dead letters) and are skipped here.

import { statusCol, keyIdCol, timeCol } from './batch-columns';
import { windowKind, windowSizeMs, KIND_HOPPING, KIND_SESSION, KIND_ROLLING } from './window-kind';
import { processRollingBatch, processRollingIdle } from './rolling-windows';
import { processSessionBatch, closeSessionsUpTo } from './session-windows';
import { nextHoppingEnd, closeHoppingUpTo, lastEmittedEnd } from './hopping-windows';
import { entryFor, entryRefused, E_COUNT } from './pane-entries';
import { markEntryKeyDirty } from './pane-entry-folds';
import { watermark, observeEventTime, advanceToEnd, advanceIdle } from './watermark';
import { slotPtr } from './slot-pool';
import { firstWindowEnd } from './window-registry';
import { slotRefused, slotFor, closeWindowsUpTo } from './window-store';
import { resetResults, resultCount } from './window-results';
import { paneOfRow, foldRow } from './batch-rows';
import { revising, processRevisingBatch, processRevisingIdle } from './window-revisions';
import { sessionRevising, processSessionRevisionBatch, processSessionRevisionIdle } from './session-revisions';

/** Emits every window the watermark has passed. */
function closeUpTo(wm: f64): void {
  if (windowKind == KIND_SESSION) closeSessionsUpTo(wm);
  else if (windowKind == KIND_HOPPING) closeHoppingUpTo(wm);
  else closeWindowsUpTo(wm);
}

/**
 * Processes rows [0, n); with `drain` set, end of input follows the batch. Windows close at the
 * event whose time moves the watermark past their end, not at the end of the batch: with hopping
 * windows a pane can still take events after one of its windows closed, so where a batch is cut
 * must not decide what a window holds. Returns results emitted. The loop here is tumbling and
 * hopping windows'; the other kinds have their own.
 */
export function processBatch(n: i32, drain: bool): i32 {
  if (windowKind == KIND_SESSION) return sessionRevising ? processSessionRevisionBatch(n, drain) : processSessionBatch(n, drain);
  if (windowKind == KIND_ROLLING) return processRollingBatch(n, drain);
  if (revising) return processRevisingBatch(n, drain);
  return windowKind == KIND_HOPPING ? foldBatch(n, drain, true) : foldBatch(n, drain, false);
}

/**
 * The batch loop of tumbling windows (slots of the pool: window-store.ts) and of hopping windows
 * that revise nothing (panes of entries: pane-entries.ts). Inlined with a constant `hopping`, so
 * each store gets a loop of its own, without a branch per row on which one it is.
 */
// @ts-ignore: decorator
@inline
function foldBatch(n: i32, drain: bool, hopping: bool): i32 {
  resetResults();
  const size = windowSizeMs;
  for (let i = 0; i < n; i++) {
    const t = load<f64>(timeCol + (<usize>i << 3));
    const start = paneOfRow(i, t, size, 0);
    if (isNaN(start)) continue;
    const keyId = load<i32>(keyIdCol + (<usize>i << 2));
    const refused = hopping ? entryRefused(keyId, start) : slotRefused(keyId, start);
    if (refused != 0) {
      store<u8>(statusCol + i, refused);
      continue;
    }
    // The window's (or pane's) count, its words just after it.
    const count = hopping ? entryFor(keyId, start, start + size) + E_COUNT : slotPtr(slotFor(keyId, start, start + size)) + 24;
    foldRow(i, t, count, count + 8);
    // A pane some window already closed over: its folds may hold it (pane-entry-folds.ts).
    if (hopping && start < lastEmittedEnd) markEntryKeyDirty(keyId);
    observeEventTime(t);
    if (hopping) {
      if (watermark >= nextHoppingEnd()) closeHoppingUpTo(watermark);
    } else if (watermark >= firstWindowEnd()) closeWindowsUpTo(watermark);
  }
  if (drain) advanceToEnd();
  if (hopping) closeHoppingUpTo(watermark);
  else closeWindowsUpTo(watermark);
  return resultCount;
}

/** Advances an idle partition's watermark by `elapsedMs` and closes what it passes. Returns results emitted. */
export function processIdle(elapsedMs: f64): i32 {
  if (windowKind == KIND_ROLLING) return processRollingIdle(elapsedMs);
  if (revising) return processRevisingIdle(elapsedMs);
  if (sessionRevising) return processSessionRevisionIdle(elapsedMs);
  resetResults();
  advanceIdle(elapsedMs);
  closeUpTo(watermark);
  return resultCount;
}
