// The score the σ-based detectors (zscore, mad, spike-dip) report: the two-sided Gaussian
// confidence of a standardised deviation, erf(|z|/√2) = 1 − 2·(1 − Φ(|z|)), so 0.9973 at 3σ.
//
// erf comes from Abramowitz & Stegun 7.1.28, erf(x) ≈ 1 − (1 + a1·x + … + a6·x⁶)^−16, |error| ≤ 3e-7:
// only +, ·, / (no exp), so src/reference/detectors/gaussian-score-reference.ts computes the very
// same f64 and the kernel-vs-reference tests can demand bit equality. The catch: an absolute error
// of 3e-7 is coarse in the far tail (at 5σ the true tail is 5.7e-7), so read the score as a
// monotone squash with a probability scale near the usual thresholds, not as a p-value beyond ~4.5σ.
// It is monotone (all coefficients positive), reaches 1.0 in f64 near |z| ≈ 8.6, and is 1 at
// |z| = +Infinity (a deviation from a zero spread).

const A1: f64 = 0.0705230784;
const A2: f64 = 0.0422820123;
const A3: f64 = 0.0092705272;
const A4: f64 = 0.0001520143;
const A5: f64 = 0.0002765672;
const A6: f64 = 0.0000430638;
const SQRT1_2: f64 = 0.7071067811865476;

/** erf(absZ/√2) for absZ ≥ 0 (A&S 7.1.28), in [0, 1]. */
export function gaussianScore(absZ: f64): f64 {
  const x = absZ * SQRT1_2;
  const p = 1 + x * (A1 + x * (A2 + x * (A3 + x * (A4 + x * (A5 + x * A6)))));
  const p2 = p * p;
  const p4 = p2 * p2;
  const p8 = p4 * p4;
  return 1 - 1 / (p8 * p8);
}

/**
 * The smallest |z| (to f64 bisection precision) whose gaussianScore reaches `score` (in (0, 1)):
 * the band half-width, in σ, of a confidence. Bisection rather than an inverse formula, so that
 * the band and the score agree exactly and the reference can repeat it step for step.
 */
export function gaussianQuantile(score: f64): f64 {
  let lo: f64 = 0;
  let hi: f64 = 64;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) * 0.5;
    if (gaussianScore(mid) < score) lo = mid;
    else hi = mid;
  }
  return hi;
}
