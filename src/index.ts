// The public API: what a job file and an embedding program import. Only exports.

export { defineJob } from './job/job-definition.js';
export type {
  JobDefinition, WindowedJobDefinition, DetectionJobDefinition, DetectEventsOptions, DetectWindowsOptions, SourceOptions, SinkOptions, TimeFieldOptions, MsgpackPayload,
} from './job/job-definition.js';
export type { DetectorName } from './detect/detector-catalog.js';
export { tumbling, hopping, session, rolling } from './job/windows.js';
export { early } from './job/emission.js';
export type { EmitMode, EarlyEmit, EmitKind } from './job/emission.js';
export type { WindowSpec, TumblingWindow, HoppingWindow, SessionWindow, SessionOptions, RollingWindow, RollingOptions } from './job/windows.js';
export { count, sum, min, max, mean, range, first, last, variance, stddev, quantile, distinct, topK } from './job/aggregates.js';
export type { AggregateSpec } from './job/aggregates.js';
export type { Duration } from './job/duration.js';
export type { TimeBoundsOptions } from './job/time-bounds.js';
export { resolveJob } from './job/resolve-job.js';
export type { ResolvedJob } from './job/resolved-job.js';
export { JobDefinitionError } from './job/job-definition-error.js';
export { startJob } from './runtime/run-job.js';
export type { RunOptions, RunSummary, JobHandle } from './runtime/run-job.js';
export type { Progress } from './runtime/progress.js';
export { loadJobFile } from './runtime/load-job-file.js';
export { partitionStream } from './redis/keys.js';
export { PartitionedProducer, partitionOfKey } from './producer/partitioned-producer.js';
export type { PartitionedProducerOptions } from './producer/partitioned-producer.js';
export { startRepartition } from './repartition/repartitioner.js';
export type { RepartitionHandle, RepartitionSummary, RepartitionNotice } from './repartition/repartitioner.js';
export type { RepartitionOptions } from './repartition/repartition-options.js';
