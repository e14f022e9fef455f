// The clock of a partition: watermark = largest event time seen − out-of-orderness. It only moves
// forward. An event is late when its window's end is ≤ the watermark *before* the event, which
// makes lateness independent of where batch boundaries fall (the same input, the same verdicts).

export let outOfOrderness: f64 = 0;
export let maxEventTime: f64 = -Infinity;
export let watermark: f64 = -Infinity;

export function configureWatermark(ooo: f64): void {
  outOfOrderness = ooo;
}

export function resetWatermark(): void {
  maxEventTime = -Infinity;
  watermark = -Infinity;
}

// @ts-ignore: decorator
@inline
export function observeEventTime(t: f64): void {
  if (t > maxEventTime) {
    maxEventTime = t;
    // max(): an idle partition may have pushed the watermark past what its events alone give.
    const wm = t - outOfOrderness;
    if (wm > watermark) watermark = wm;
  }
}

/**
 * A quiet partition's clock moves with processing time: the watermark advances by `elapsedMs`
 * (when it has started at all). The one place where wall-clock time enters the results.
 */
export function advanceIdle(elapsedMs: f64): void {
  if (watermark > -Infinity && elapsedMs > 0) watermark += elapsedMs;
}

/** End of input (drain): every window closes. */
export function advanceToEnd(): void {
  watermark = Infinity;
}

/** The clock as a checkpoint left it (window-recovery.ts restoreClock). */
export function setClock(wm: f64, maxEvent: f64): void {
  watermark = wm;
  maxEventTime = maxEvent;
}
