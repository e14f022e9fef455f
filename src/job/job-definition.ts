import type { AggregateSpec } from './aggregates.js';
import type { Duration } from './duration.js';
import type { TimeBoundsOptions } from './time-bounds.js';
import type { WindowSpec } from './windows.js';
import type { EmitMode } from './emission.js';
import type { DetectorName } from '../detect/detector-catalog.js';

/** Where a job reads from. */
export interface SourceOptions {
  /** The input stream's name. With `partitions`, the base name of `name:{name:0}` … `name:{name:P-1}`. */
  readonly stream: string;
  /** Consumer group; created (with the stream) when missing, reading from `startId`. @default the job's name */
  readonly group?: string;
  /** Read P partition streams instead of one plain stream (see DESIGN.md, "Scale"). @default 1: the plain stream */
  readonly partitions?: number;
  /** Where a newly created group starts: `'0'` (everything the stream holds) or `'$'` (only new entries). @default '0' */
  readonly startId?: '0' | '$';
}

/** How the event time of an entry is read. */
export interface TimeFieldOptions {
  /** The field holding the event time. */
  readonly field: string;
  /**
   * `'epoch-ms'`: integer milliseconds since the epoch. `'iso-8601'`: text such as
   * `2026-11-27T01:31:00.250Z` or `…+01:00` (a zone is required: local time would be ambiguous).
   * @default 'epoch-ms'
   */
  readonly format?: 'epoch-ms' | 'iso-8601';
}

/** Entries carry one field whose value is a msgpack map; key, time and values are keys of that map. */
export interface MsgpackPayload {
  readonly msgpack: string;
}

/** Where derived events go. */
export interface SinkOptions {
  /** Window results, or anomaly events for a job with `detect`. @default `${name}:out` */
  readonly output?: string;
  /** Events whose window had closed, with the window they missed. @default `${name}:late` */
  readonly late?: string;
  /** Entries that could not be used, with the reason. @default `${name}:dlq` */
  readonly deadLetter?: string;
}

/** What every job has, windowed or not. */
export interface JobBase<V extends string = string> {
  /** Names the job in metrics and logs; the default consumer group and sink prefix. */
  readonly name: string;
  readonly source: SourceOptions;
  /** Read fields from a msgpack map in one field instead of the entry's own fields. @default the entry's fields */
  readonly payload?: MsgpackPayload;
  /** The field holding the key that windows (and detectors) are computed per. */
  readonly key: string;
  /** Event time: a field name (epoch ms), field options, or `'entry-id'` for the ID's millisecond part. @default 'entry-id' */
  readonly time?: string | TimeFieldOptions;
  /** Value name → the field it is read from (decimal text). */
  readonly values: Readonly<Record<V, string>>;
  /** How far behind the largest event time seen an event may arrive and still count. @default 0 */
  readonly outOfOrderness?: Duration;
  readonly sinks?: SinkOptions;
  /** End-to-end budget from a window becoming closable to its result being in Redis; the benchmark checks it. @default '50ms' */
  readonly latencyBudget?: Duration;
  /** Entries per read (XREADGROUP COUNT) and per commit. @default 1000 */
  readonly batchSize?: number;
  /** Keys holding state per partition (default 1,000,000); an event that would add one more is dead-lettered `state-limit`. */
  readonly maxKeys?: number;
  /** Open windows, hopping panes or sessions per key (rolling: its window plus each event waiting for the watermark; default 10,000); beyond it: dead-lettered `state-limit`. */
  readonly maxOpenWindows?: number;
  /**
   * Deliveries of a batch whose processing keeps failing (a JavaScript exception or a WASM trap)
   * before its entries are read one at a time and the one that fails on its own is dead-lettered
   * as `processing-failed`. Counted in Redis, so across restarts and takeovers too. 1 isolates at
   * the first failure; more rides out failures that pass. @default 3
   */
  readonly maxDeliveries?: number;
  /**
   * Entries another consumer of the group was delivered and never acknowledged (a hand-written
   * consumer eddy replaces) lie behind the group's position. When every consumer holding such
   * entries has been idle this long (XINFO CONSUMERS), it is taken for gone: a partition's first run
   * reads from the oldest of them, then acknowledges them and deletes those consumers. Otherwise
   * they are left to their consumers, and the log says so. @default '60s'
   */
  readonly abandonedPendingAfter?: Duration;
  /** How long one blocking read waits for new entries. @default '1s' */
  readonly blockTime?: Duration;
  /**
   * A partition that receives nothing for this long advances its watermark by the processing time
   * that passes, so windows close on quiet streams. The one exception to "the same input gives the
   * same output": which windows close early then depends on wall-clock time. @default 0 (never)
   */
  readonly idle?: Duration;
  /**
   * Event times further than this from the entry ID's time (when Redis appended the entry) are
   * dead-lettered as `time-out-of-bounds`; `'off'` for no bounds. Only for event time from a field.
   * @default { maxAhead: '1d', maxBehind: 'none' }
   */
  readonly timeBounds?: TimeBoundsOptions | 'off';
}

/**
 * A windowed job. `V` is the set of value names (the keys of `values`); aggregates can only name
 * those, so `sum('valeu')` does not compile.
 */
export interface WindowedJobDefinition<V extends string = string> extends JobBase<V> {
  readonly window: WindowSpec;
  /**
   * How long after its end a window still takes events (tumbling, hopping and session windows): such
   * an event updates it and a result marked `emit: late` with the next `revision` is written; a later
   * one goes to the late stream with its `lateness`. The window's state is kept until then. Session
   * results also carry `supersedes`: the start of the key's earlier result a merge or a moved start replaced.
   * @default 0
   */
  readonly allowedLateness?: Duration;
  /** `'final'`, `'update'` (a result after every event that changes an open window) or `early('10s')` (partial results in event time). @default 'final' */
  readonly emit?: EmitMode;
  /** Output field name → aggregate. */
  readonly aggregates: Readonly<Record<string, AggregateSpec<NoInfer<V>>>>;
  /** Judge one aggregate of every closed window per key; results become anomaly events. */
  readonly detect?: DetectWindowsOptions;
}

/** A job that judges every event's value per key with an anomaly detector: no windows. */
export interface DetectionJobDefinition<V extends string = string> extends JobBase<V> {
  readonly window?: never;
  readonly aggregates?: never;
  readonly allowedLateness?: never;
  readonly emit?: never;
  readonly detect: DetectEventsOptions<NoInfer<V>>;
}

export type JobDefinition<V extends string = string> = WindowedJobDefinition<V> | DetectionJobDefinition<V>;

/** What both kinds of detection share (detectors and their params: `eddy backtest --list`, README). */
export interface DetectOptionsBase {
  readonly detector: DetectorName;
  /** The detector's parameters by name; the rest keep their defaults. */
  readonly params?: Readonly<Record<string, number>>;
  /** `'anomalies'`: write only flagged events; `'all'`: every judged event, with its score. @default 'anomalies' */
  readonly emit?: 'anomalies' | 'all';
  /**
   * How often (processing time) every key's detector state is saved with a commit, so a successor
   * restores it and replays only the input since; 0 saves with every batch. Larger saves less often
   * and replays more on a takeover. @default '10s'
   */
  readonly snapshotEvery?: Duration;
}

/** Judge each event's `value`, per key, in arrival order. */
export interface DetectEventsOptions<V extends string = string> extends DetectOptionsBase {
  readonly value: V;
}

/** Judge the output field `aggregate` of each closed window, per key, in window order. */
export interface DetectWindowsOptions extends DetectOptionsBase {
  readonly aggregate: string;
}

/** Declares a job; returns it unchanged, typed. The default export of a job file. */
export function defineJob<const V extends string>(job: WindowedJobDefinition<V>): WindowedJobDefinition<V>;
export function defineJob<const V extends string>(job: DetectionJobDefinition<V>): DetectionJobDefinition<V>;
export function defineJob(job: JobDefinition): JobDefinition {
  return job;
}
