// The one curve behind every NAB reward and penalty.

/**
 * NAB's scaled sigmoid S(y) = 2·sigmoid(−5y) − 1, and exactly −1 when y > 3. Inside a window y
 * runs from −1 (left edge, S ≈ 0.9866) towards 0 (right edge, S = 0); after a window y > 0 and S
 * is negative. The operations are in NAB's order so results agree to the last bit.
 */
export function nabScaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 * (1 / (1 + Math.exp(5 * y))) - 1;
}

/** S(−1): a detection at a window's left edge. NAB divides true-positive rewards by it so that one earns exactly tpWeight. */
export const NAB_MAX_TP = nabScaledSigmoid(-1);
