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
    watermark = t - outOfOrderness;
  }
}

/** End of input (drain): every window closes. */
export function advanceToEnd(): void {
  watermark = Infinity;
}
