// assembly/detectors/gaussian-score.ts, operation for operation (A&S 7.1.28 uses only +, ·, /,
// which V8 and WebAssembly round identically, so the two agree bit for bit).

const A1 = 0.0705230784;
const A2 = 0.0422820123;
const A3 = 0.0092705272;
const A4 = 0.0001520143;
const A5 = 0.0002765672;
const A6 = 0.0000430638;
const SQRT1_2 = 0.7071067811865476;

/** erf(absZ/√2) for absZ ≥ 0: the two-sided Gaussian confidence of a deviation of absZ σ. */
export function gaussianScore(absZ: number): number {
  const x = absZ * SQRT1_2;
  const p = 1 + x * (A1 + x * (A2 + x * (A3 + x * (A4 + x * (A5 + x * A6)))));
  const p2 = p * p;
  const p4 = p2 * p2;
  const p8 = p4 * p4;
  return 1 - 1 / (p8 * p8);
}

/** The smallest |z| whose gaussianScore reaches `score`, by the kernel's 80-step bisection. */
export function gaussianQuantile(score: number): number {
  let lo = 0;
  let hi = 64;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) * 0.5;
    if (gaussianScore(mid) < score) lo = mid;
    else hi = mid;
  }
  return hi;
}
