/**
 * Aggregates name what a window result carries. Each one becomes an output field named after its
 * key in the job's `aggregates` object: `{ count: count(), mean: mean('value') }` writes the fields
 * `count` and `mean`. `V` is the job's set of value names, so a typo is a type error.
 */
export type AggregateSpec<V extends string = string> =
  | { readonly kind: 'count' }
  | { readonly kind: 'sum' | 'min' | 'max' | 'mean' | 'range' | 'first' | 'last'; readonly value: V }
  | { readonly kind: 'variance' | 'stddev'; readonly value: V; readonly sample?: boolean }
  | { readonly kind: 'quantile'; readonly value: V; readonly q: number; readonly accuracy?: number }
  | { readonly kind: 'distinct'; readonly field: string; readonly precision?: number }
  | { readonly kind: 'topK'; readonly field: string; readonly k: number; readonly counters?: number };

export type AggregateKind = AggregateSpec['kind'];

export const AGGREGATE_KINDS: readonly AggregateKind[] = [
  'count', 'sum', 'min', 'max', 'mean', 'range', 'first', 'last', 'variance', 'stddev', 'quantile', 'distinct', 'topK',
];

/** Number of events in the window. */
export function count(): AggregateSpec<never> {
  return { kind: 'count' };
}
/** Sum of a value in input order (plain floating-point addition, reproducible). */
export function sum<V extends string>(value: V): AggregateSpec<V> {
  return { kind: 'sum', value };
}
export function min<V extends string>(value: V): AggregateSpec<V> {
  return { kind: 'min', value };
}
export function max<V extends string>(value: V): AggregateSpec<V> {
  return { kind: 'max', value };
}
/** sum / count, computed when the window closes. */
export function mean<V extends string>(value: V): AggregateSpec<V> {
  return { kind: 'mean', value };
}
/** max − min. */
export function range<V extends string>(value: V): AggregateSpec<V> {
  return { kind: 'range', value };
}
/** The value of the event with the earliest event time (ties: the first to arrive). */
export function first<V extends string>(value: V): AggregateSpec<V> {
  return { kind: 'first', value };
}
/** The value of the event with the latest event time (ties: the last to arrive). */
export function last<V extends string>(value: V): AggregateSpec<V> {
  return { kind: 'last', value };
}
/**
 * Variance, population by default (`{ sample: true }` divides by n − 1; NaN for one event). Computed
 * with Welford's streaming update, accurate on ill-conditioned data such as 1e9 + small noise.
 */
export function variance<V extends string>(value: V, options: { sample?: boolean } = {}): AggregateSpec<V> {
  return options.sample ? { kind: 'variance', value, sample: true } : { kind: 'variance', value };
}
/** Standard deviation: the square root of `variance` (population by default). */
export function stddev<V extends string>(value: V, options: { sample?: boolean } = {}): AggregateSpec<V> {
  return options.sample ? { kind: 'stddev', value, sample: true } : { kind: 'stddev', value };
}
/**
 * The q-quantile (0 ≤ q ≤ 1) of a value from a DDSketch: within `accuracy` relative error of the
 * exact order statistic of rank ⌊q·(n−1)⌋ (default 1%). Quantiles of the same value and accuracy
 * share one sketch, so `p50`, `p90` and `p99` cost one. Mergeable, bounded memory (2048 bins).
 */
export function quantile<V extends string>(value: V, q: number, options: { accuracy?: number } = {}): AggregateSpec<V> {
  return options.accuracy === undefined ? { kind: 'quantile', value, q } : { kind: 'quantile', value, q, accuracy: options.accuracy };
}
/**
 * Approximate number of distinct values of a field (its bytes), from a HyperLogLog with 2^precision
 * registers (default 14: ≈ 0.81% standard error, 16 KiB per key and window). Entries without the
 * field are not counted.
 */
export function distinct(field: string, options: { precision?: number } = {}): AggregateSpec<never> {
  return options.precision === undefined ? { kind: 'distinct', field } : { kind: 'distinct', field, precision: options.precision };
}
/**
 * The k most frequent values of a field, written as JSON `[{"value","count","error"}…]`, from
 * Space-Saving with `counters` counters (default max(10·k, 64)): every value more frequent than
 * n/counters is listed, and each count is at most `error` above the true count.
 */
export function topK(field: string, k: number, options: { counters?: number } = {}): AggregateSpec<never> {
  return options.counters === undefined ? { kind: 'topK', field, k } : { kind: 'topK', field, k, counters: options.counters };
}
