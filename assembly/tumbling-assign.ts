// Tumbling window assignment: [start, start + size) with start ≡ offset (mod size), aligned to
// the epoch. Integer arithmetic on i64 so that a window boundary never depends on how a division
// of doubles rounds.

let size: i64 = 1;
let offset: i64 = 0;

export function configureTumbling(sizeMs: f64, offsetMs: f64): void {
  assert(sizeMs >= 1);
  size = <i64>sizeMs;
  offset = <i64>offsetMs % size;
}

export function windowSize(): f64 {
  return <f64>size;
}

// @ts-ignore: decorator
@inline
export function tumblingStart(t: f64): f64 {
  const ti = <i64>t;
  let r = (ti - offset) % size;
  if (r < 0) r += size;
  return <f64>(ti - r);
}
