// The job as the runtime uses it: plain data, validated, defaults filled in. This is what crosses
// into worker threads (structured clone), so it holds no functions.

export type AccumulatorKind = 'sum' | 'min' | 'max';

/** How one output field is computed from a closed window's state. */
export type OutputField =
  | { readonly name: string; readonly from: 'count' }
  | { readonly name: string; readonly from: 'acc'; readonly acc: number }
  | { readonly name: string; readonly from: 'mean'; readonly sumAcc: number };

export interface ResolvedJob {
  readonly name: string;
  readonly group: string;
  /** One stream name per partition, in partition order. */
  readonly partitions: readonly string[];
  readonly startId: '0' | '$';
  readonly format: { readonly kind: 'fields' } | { readonly kind: 'msgpack'; readonly field: string };
  readonly keyField: string;
  readonly time: { readonly kind: 'field'; readonly field: string; readonly format: 'epoch-ms' } | { readonly kind: 'entry-id' };
  readonly valueNames: readonly string[];
  readonly valueFields: readonly string[];
  readonly window: { readonly kind: 'tumbling'; readonly sizeMs: number; readonly offsetMs: number };
  readonly outOfOrdernessMs: number;
  readonly accumulators: readonly { readonly kind: AccumulatorKind; readonly value: number }[];
  readonly outputFields: readonly OutputField[];
  readonly sinks: { readonly output: string; readonly late: string; readonly deadLetter: string };
  readonly latencyBudgetMs: number;
  readonly batchSize: number;
  readonly blockMs: number;
}
