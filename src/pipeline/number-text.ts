/**
 * A double as text that parses back to the same double. `String(x)` is already the shortest
 * round-tripping form (ECMAScript Number::toString), except that it drops the sign of -0.
 */
export function numberText(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}
