// Decimal text → f64 on the fast path only. Clinger's observation: when the digits form an
// integer m < 2^53 and the scale is 10^k with k ≤ 22, both are exact doubles and one IEEE
// division rounds correctly — the result equals JavaScript's Number(text). Everything else
// (exponents, more than 15 significant digits, words like NaN) is left to the host, which
// uses Number() itself; `fastOk` says which case happened.

// Exact powers of ten as doubles (10^0 … 10^22 are all representable).
const POW10: StaticArray<f64> = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

export let fastOk: bool = false;

/** `[+-]?digits[.digits]` with ≤ 15 significant digits and ≤ 22 decimals; sets fastOk. */
export function parseDecimalFast(p: usize, len: i32): f64 {
  fastOk = false;
  let i = 0;
  let neg = false;
  if (len == 0) return 0;
  const first = load<u8>(p);
  if (first == 45 || first == 43) { neg = first == 45; i = 1; }
  let m: u64 = 0;
  let sig = 0;
  let digits = 0;
  let frac = 0;
  let seenDot = false;
  for (; i < len; i++) {
    const c = load<u8>(p + i);
    if (c == 46) {
      if (seenDot) return 0;
      seenDot = true;
      continue;
    }
    const d = <u32>c - 48;
    if (d > 9) return 0;
    digits++;
    if (seenDot) frac++;
    if (sig > 0 || d != 0) sig++;
    m = m * 10 + d;
  }
  if (digits == 0 || sig > 15 || frac > 22) return 0;
  let v = <f64>m;
  if (frac > 0) v = v / unchecked(POW10[frac]);
  fastOk = true;
  return neg ? -v : v;
}

/** Unsigned decimal integer of 1…15 digits (event time in ms); sets fastOk. */
export function parseEpochMsFast(p: usize, len: i32): f64 {
  fastOk = false;
  if (len == 0 || len > 15) return 0;
  let m: u64 = 0;
  for (let i = 0; i < len; i++) {
    const d = <u32>load<u8>(p + i) - 48;
    if (d > 9) return 0;
    m = m * 10 + d;
  }
  fastOk = true;
  return <f64>m;
}
