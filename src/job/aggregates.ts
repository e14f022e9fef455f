/**
 * Aggregates name what a window result carries. Each one becomes an output field named after its
 * key in the job's `aggregates` object: `{ count: count(), mean: mean('value') }` writes the fields
 * `count` and `mean`. `V` is the job's set of value names, so a typo is a type error.
 */
export type AggregateSpec<V extends string = string> =
  | { readonly kind: 'count' }
  | { readonly kind: 'sum' | 'min' | 'max' | 'mean'; readonly value: V };

export type AggregateKind = AggregateSpec['kind'];

export const AGGREGATE_KINDS: readonly AggregateKind[] = ['count', 'sum', 'min', 'max', 'mean'];

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
