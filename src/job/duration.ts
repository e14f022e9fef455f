/** A span of time: milliseconds as a number, or text such as `'250ms'`, `'10s'`, `'5m'`, `'1h'`, `'1d'`. */
export type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of `d`, or `undefined` when it is not a duration. Fractions of a millisecond are refused. */
export function durationMs(d: unknown): number | undefined {
  if (typeof d === 'number') return Number.isInteger(d) ? d : undefined;
  if (typeof d !== 'string') return undefined;
  const m = /^(-?\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(d.trim());
  if (!m) return undefined;
  // Scale the digits as an integer and divide once: 1.005 * 1000 is 1004.9999999999999 in doubles.
  const [whole, frac = ''] = m[1]!.split('.');
  const scaled = Number(`${whole}${frac}`) * UNIT_MS[m[2]!]!;
  const divisor = 10 ** frac.length;
  return scaled % divisor === 0 ? scaled / divisor : undefined;
}
