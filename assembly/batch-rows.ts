// A batch row on its way into a window (batch-columns.ts): its pane, or the late list, and its fold
// into a window's words. Every loop over a batch that folds rows into windows starts and ends a row
// this way (window-process.ts for tumbling and hopping windows, window-revisions.ts for revising jobs).

import { STATUS_OK } from './layout';
import { statusCol, valuesCol, valueCount, itemPtrCol, itemLenCol, itemCount } from './batch-columns';
import { updateAccs } from './accumulators';
import { tumblingStart } from './tumbling-assign';
import { watermark } from './watermark';
import { pushLate } from './window-results';

/**
 * The window (tumbling) or pane (hopping) start of row i (event time t), or NaN when the row is
 * skipped: refused by the host (not OK), or late, which goes to the late list: the last window
 * containing its pane, [start, start + size), ended `lateness` or more before the watermark.
 */
// @ts-ignore: decorator
@inline
export function paneOfRow(i: i32, t: f64, size: f64, lateness: f64): f64 {
  if (load<u8>(statusCol + i) != STATUS_OK) return NaN;
  const start = tumblingStart(t);
  if (start + size + lateness <= watermark) {
    pushLate(i, start, start + size, watermark);
    return NaN;
  }
  return start;
}

/** Folds row i (event time t) into the words at `acc`, whose count is at `countAt`. */
// @ts-ignore: decorator
@inline
export function foldRow(i: i32, t: f64, countAt: usize, acc: usize): void {
  const n = load<f64>(countAt) + 1;
  store<f64>(countAt, n);
  const items = <usize>(i * itemCount) << 2;
  updateAccs(acc, valuesCol + (<usize>(i * valueCount) << 3), itemPtrCol + items, itemLenCol + items, t, n);
}
