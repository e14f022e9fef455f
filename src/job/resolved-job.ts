// The job as the runtime uses it: plain data, validated, defaults filled in. This is what crosses
// into worker threads (structured clone), so it holds no functions.

import type { ResolvedEmission } from './emission.js';
import type { ResolvedTimeBounds } from './time-bounds.js';

/** Accumulator kinds as the kernel keeps them (assembly/accumulators.ts); `moments` is shifted Welford: [shift, mean, M2]. */
export type AccumulatorKind = 'sum' | 'min' | 'max' | 'first' | 'last' | 'moments' | 'quantiles' | 'distinct' | 'topK';

/** f64 words of state per accumulator kind, as laid out in the kernel's result records (a sketch: its address). */
export const ACCUMULATOR_WORDS: Readonly<Record<AccumulatorKind, number>> = {
  sum: 1, min: 1, max: 1, first: 2, last: 2, moments: 3, quantiles: 1, distinct: 1, topK: 1,
};

/**
 * How one output field is computed from a closed window's count and accumulator words (`word` is
 * the index of an accumulator's first word in the result record, after the header).
 */
export type OutputField =
  | { readonly name: string; readonly from: 'count' }
  | { readonly name: string; readonly from: 'word'; readonly word: number }
  | { readonly name: string; readonly from: 'mean'; readonly sumWord: number }
  | { readonly name: string; readonly from: 'range'; readonly minWord: number; readonly maxWord: number }
  | { readonly name: string; readonly from: 'variance' | 'stddev'; readonly momentsWord: number; readonly sample: boolean }
  | { readonly name: string; readonly from: 'quantile'; readonly sketchWord: number; readonly q: number }
  | { readonly name: string; readonly from: 'distinct'; readonly sketchWord: number }
  | { readonly name: string; readonly from: 'topK'; readonly sketchWord: number; readonly k: number };

export interface ResolvedJob {
  readonly name: string;
  readonly group: string;
  /** One stream name per partition, in partition order. */
  readonly partitions: readonly string[];
  readonly startId: '0' | '$';
  readonly format: { readonly kind: 'fields' } | { readonly kind: 'msgpack'; readonly field: string };
  readonly keyField: string;
  readonly time: { readonly kind: 'field'; readonly field: string; readonly format: 'epoch-ms' | 'iso-8601' } | { readonly kind: 'entry-id' };
  /** Event time must lie within [ID time − maxBehindMs, ID time + maxAheadMs]; Infinity: unbounded (always, for entry-ID time). */
  readonly timeBounds: ResolvedTimeBounds;
  readonly valueNames: readonly string[];
  readonly valueFields: readonly string[];
  /** Absent for a job that only detects on events. */
  readonly window?: AlignedWindow | SessionWindowConfig | RollingWindowConfig;
  /** Allowed lateness and emit mode (src/job/emission.ts); absent with the defaults (final, no allowed lateness). */
  readonly emission?: ResolvedEmission;
  readonly outOfOrdernessMs: number;
  /**
   * In kernel order; `word` is where each one's state starts in a result record's accumulator words.
   * `value` indexes valueFields, or itemFields for distinct and topK; `param` configures a sketch
   * (quantiles: relative accuracy; distinct: precision; topK: counters).
   */
  readonly accumulators: readonly { readonly kind: AccumulatorKind; readonly value: number; readonly word: number; readonly param?: number }[];
  /** Fields read as byte strings, for distinct counts and top-k. */
  readonly itemFields: readonly string[];
  readonly outputFields: readonly OutputField[];
  /** Anomaly detection (see ResolvedDetect); absent for a plain windowed job. */
  readonly detect?: ResolvedDetect;
  readonly sinks: SinkKeys;
  /**
   * Per partition, the sinks its commits write: on a Redis Cluster each partition's own, in its slot
   * (`sensor-stats:out:{sensors:3}`, src/redis/keys.ts withPartitionSinks). Absent: every partition
   * writes `sinks`.
   */
  readonly partitionSinks?: readonly SinkKeys[];
  readonly latencyBudgetMs: number;
  readonly batchSize: number;
  /** Keys with open state per partition; beyond it an event is dead-lettered `state-limit`. */
  readonly maxKeys: number;
  /** Open windows (hopping: panes; sessions) per key; beyond it an event is dead-lettered `state-limit`. */
  readonly maxOpenWindows: number;
  /** Failed deliveries of a batch before its entries are isolated one at a time (partition-runner.ts). */
  readonly maxDeliveries: number;
  /** Idle time after which a consumer holding pending entries is taken for gone (job option abandonedPendingAfter). */
  readonly abandonedPendingMs: number;
  readonly blockMs: number;
  /** 0: never. */
  readonly idleMs: number;
}

/** The three sink streams a commit writes. */
export interface SinkKeys {
  readonly output: string;
  readonly late: string;
  readonly deadLetter: string;
}

/** A job's detector, resolved against the catalog (src/detect/detector-catalog.ts). */
export interface ResolvedDetect {
  /** `events`: every event's value; `windows`: one output field of every closed window. */
  readonly on: 'events' | 'windows';
  /** events: index into valueNames; windows: index into outputFields. */
  readonly source: number;
  /** The value or output field's name. */
  readonly sourceName: string;
  readonly detector: string;
  /** DETECTOR_* code. */
  readonly kind: number;
  /** The kernel's param words, catalog order. */
  readonly words: readonly number[];
  /** Every param by name, defaults included: written into each anomaly event. */
  readonly params: Readonly<Record<string, number>>;
  readonly emit: 'anomalies' | 'all';
  /** Processing time between snapshots of the detector states in the checkpoint (0: every batch). */
  readonly snapshotEveryMs: number;
}

/** Tumbling and hopping windows: aligned to the epoch plus offset. For tumbling windows the slide equals the size. */
export interface AlignedWindow {
  readonly kind: 'tumbling' | 'hopping';
  readonly sizeMs: number;
  readonly slideMs: number;
  readonly offsetMs: number;
}

/** Session windows: `[first, last + gap)` per key; `maxDurationMs` absent when sessions are unbounded. */
export interface SessionWindowConfig {
  readonly kind: 'session';
  readonly gapMs: number;
  readonly maxDurationMs?: number;
}

/** Rolling per-event windows: the last `maxRows` events of a key within [t − spanMs, t]; `maxRows` absent: no row bound. */
export interface RollingWindowConfig {
  readonly kind: 'rolling';
  readonly spanMs: number;
  readonly maxRows?: number;
}

export type ResolvedWindow = NonNullable<ResolvedJob['window']>;

/** The job's window, for code that only runs windowed jobs; says so when the job has none. */
export function windowOf(job: Pick<ResolvedJob, 'window'> & { readonly name?: string }): ResolvedWindow {
  if (job.window === undefined) throw new Error(`job ${job.name ?? ''} has no window: it judges raw events with its detector`);
  return job.window;
}

/** The job's tumbling or hopping window, for code built around fixed-size windows; says so when the job's windows are sessions. */
export function alignedWindowOf(job: Pick<ResolvedJob, 'window'> & { readonly name?: string }): AlignedWindow {
  const w = windowOf(job);
  if (w.kind === 'session' || w.kind === 'rolling') throw new Error(`job ${job.name ?? ''} has ${w.kind} windows, not fixed-size ones`);
  return w;
}
