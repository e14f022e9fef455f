// One call per batch: fold every decoded event into its window, send late events aside, advance
// the clock, close what the watermark has passed. Entries whose status is not OK were already
// routed by the host (dead letters) and are skipped here.

import { STATUS_OK } from './layout';
import { statusCol, keyIdCol, timeCol, valuesCol, valueCount, itemPtrCol, itemLenCol, itemCount } from './batch-columns';
import { updateAccs } from './accumulators';
import { tumblingStart, windowSize } from './tumbling-assign';
import { watermark, observeEventTime, advanceToEnd, advanceIdle } from './watermark';
import { slotFor, slotPtr, closeWindowsUpTo } from './window-store';
import { resetResults, pushLate, resultCount } from './window-results';

/** Processes rows [0, n); with `drain` set, end of input follows the batch. Returns results emitted. */
export function processBatch(n: i32, drain: bool): i32 {
  resetResults();
  const size = windowSize();
  for (let i = 0; i < n; i++) {
    if (load<u8>(statusCol + i) != STATUS_OK) continue;
    const t = load<f64>(timeCol + (<usize>i << 3));
    const start = tumblingStart(t);
    const end = start + size;
    if (end <= watermark) {
      pushLate(i, start, end, watermark);
      continue;
    }
    const s = slotFor(load<i32>(keyIdCol + (<usize>i << 2)), start, end);
    const p = slotPtr(s);
    const n = load<f64>(p, 24) + 1;
    store<f64>(p, n, 24);
    const items = <usize>(i * itemCount) << 2;
    updateAccs(p + 32, valuesCol + (<usize>(i * valueCount) << 3), itemPtrCol + items, itemLenCol + items, t, n);
    observeEventTime(t);
  }
  if (drain) advanceToEnd();
  closeWindowsUpTo(watermark);
  return resultCount;
}

/** Advances an idle partition's watermark by `elapsedMs` and closes what it passes. Returns results emitted. */
export function processIdle(elapsedMs: f64): i32 {
  resetResults();
  advanceIdle(elapsedMs);
  closeWindowsUpTo(watermark);
  return resultCount;
}
