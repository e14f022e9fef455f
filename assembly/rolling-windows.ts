// Rolling per-event windows (Flink's OVER windows): one result per accepted event, over the last
// `maxRows` events of its key within `span` ms before it — `ROWS/RANGE BETWEEN … PRECEDING AND
// CURRENT ROW`, evaluated in event-time order once the watermark has passed the row.
//
//   span 10, ooo 5:   a@3 a@8 a@12 a@20
//     a@8 moves wm to 3: nothing released (3 < 3 is false)
//     a@12 → wm 7: a@3 released, window [−7, 3] = {3}
//     a@20 → wm 15: a@8 [−2, 8] = {3, 8}; a@12 [2, 12] = {3, 8, 12}
//     end of input: a@20 [10, 20] = {12, 20}
//
// - An event is late when its time is before the watermark (a row of its key at or before it
//   may already have had its result); it goes to the late stream with [t − span, t].
// - Accepted rows wait (rolling-pending.ts) until the watermark passes them, then are released in
//   (time, arrival) order across keys — the output order. Each release folds the row into its
//   key's window (rolling-keys.ts) and writes [key, t − span, t, count, words].
// - A key whose newest row is older than watermark − span can be in no later window: its rows are
//   freed (a FIFO of releases, in time order, finds it in O(1) amortised).
// - State limits: a key's window counts as one open slot, and so does each of its waiting rows.

import { STATUS_OK, RESULT_HEADER_F64 } from './layout';
import { statusCol, keyIdCol, timeCol, valuesCol, valueCount } from './batch-columns';
import { watermark, observeEventTime, advanceToEnd, advanceIdle } from './watermark';
import { resetResults, pushLate, resultCount, nextResult, writeResultHeader } from './window-results';
import { refuseNewSlot, noteSlotOpened, noteSlotClosed } from './state-limits';
import { pushPending, popPending, freePending, pendingPtr, nextPendingTime, pendingCount, PENDING_VALUES, pendingBytes } from './rolling-pending';
import { configureRollingKeys, rollingKeyPtr, rollRow, windowWords, rollingKeyEmpty, clearRollingKey, newestRowTime, rollingKeyBytes } from './rolling-keys';
import { mutedBefore } from './window-revisions';
import { growRegion } from './heap-region';

let span: f64 = 1;
/** Keys holding rows. */
let liveKeys: i32 = 0;

// Releases in time order: (keyId i32, pad, time f64) per entry, a growable ring.
let fifo: usize = 0;
let fifoCap: i32 = 0;
let fifoHead: i32 = 0;
let fifoLen: i32 = 0;

/** span ≥ 1 ms; maxRows ≥ 1 (0x7fffffff: no row bound). */
export function configureRolling(spanMs: f64, maxRows: i32): void {
  assert(spanMs >= 1 && maxRows >= 1);
  span = spanMs;
  configureRollingKeys(spanMs, maxRows);
}

/** Processes rows [0, n); with `drain` set, end of input follows the batch. Returns results written. */
export function processRollingBatch(n: i32, drain: bool): i32 {
  resetResults();
  for (let i = 0; i < n; i++) {
    if (load<u8>(statusCol + i) != STATUS_OK) continue;
    const t = load<f64>(timeCol + (<usize>i << 3));
    if (t < watermark) {
      pushLate(i, t - span, t, watermark);
      continue;
    }
    const keyId = load<i32>(keyIdCol + (<usize>i << 2));
    const refused = refuseNewSlot(keyId);
    if (refused != 0) {
      store<u8>(statusCol + i, refused);
      continue;
    }
    noteSlotOpened(keyId);
    pushPending(keyId, t, valuesCol + (<usize>(i * valueCount) << 3));
    const before = watermark;
    observeEventTime(t);
    if (watermark > before) releaseUpTo(i);
  }
  if (drain) advanceToEnd();
  releaseUpTo(n);
  return resultCount;
}

/** An idle partition's watermark advanced by `elapsedMs`: the rows it passes are released. */
export function processRollingIdle(elapsedMs: f64): i32 {
  resetResults();
  advanceIdle(elapsedMs);
  releaseUpTo(0x7fffffff);
  return resultCount;
}

/**
 * Releases every waiting row before the watermark, in (time, arrival) order, writing its result
 * unless `cause` (the batch row that moved the watermark) is a replayed one; then frees the keys
 * no later window can reach.
 */
function releaseUpTo(cause: i32): void {
  const wm = watermark;
  while (nextPendingTime() < wm) {
    const s = popPending();
    const p = pendingPtr(s);
    const keyId = load<i32>(p);
    const t = load<f64>(p, 8);
    const kp = rollingKeyPtr(keyId);
    // The waiting row's slot becomes the window's, or joins the window that already counts.
    if (rollingKeyEmpty(kp)) liveKeys++;
    else noteSlotClosed(keyId);
    const count = rollRow(kp, t, p + PENDING_VALUES);
    freePending(s);
    pushRelease(keyId, t);
    if (cause < mutedBefore) continue;
    const r = nextResult();
    writeResultHeader(r, keyId, t - span, t, <f64>count);
    windowWords(kp, r + (<usize>RESULT_HEADER_F64 << 3));
  }
  expireBefore(wm - span);
}

function pushRelease(keyId: i32, t: f64): void {
  if (fifoLen == fifoCap) {
    const cap = fifoCap == 0 ? 1024 : fifoCap * 2;
    fifo = growRegion(fifo, <usize>cap << 4);
    // Unwrap: the entries before the head move after the old end.
    if (fifoHead > 0) memory.copy(fifo + (<usize>fifoCap << 4), fifo, <usize>fifoHead << 4);
    fifoCap = cap;
  }
  const at = fifo + (<usize>((fifoHead + fifoLen) & (fifoCap - 1)) << 4);
  store<i32>(at, keyId);
  store<f64>(at, t, 8);
  fifoLen++;
}

/** Frees the rows of every key whose newest row is before `bound` (= watermark − span). */
function expireBefore(bound: f64): void {
  while (fifoLen > 0) {
    const at = fifo + (<usize>fifoHead << 4);
    if (!(load<f64>(at, 8) < bound)) return;
    fifoHead = (fifoHead + 1) & (fifoCap - 1);
    fifoLen--;
    const keyId = load<i32>(at);
    const kp = rollingKeyPtr(keyId);
    if (rollingKeyEmpty(kp) || !(newestRowTime(kp) < bound)) continue;
    clearRollingKey(kp);
    liveKeys--;
    noteSlotClosed(keyId);
  }
}

/** Every row a later window can need has time ≥ watermark − span (+∞ when nothing is held). */
export function rollingEarliestStart(): f64 {
  return pendingCount > 0 || liveKeys > 0 ? watermark - span : Infinity;
}

/** Heap bytes of rolling state: waiting rows, the keys' rings, the release FIFO. */
export function rollingStateBytes(): f64 {
  return pendingBytes() + rollingKeyBytes() + <f64>fifoCap * 16;
}
