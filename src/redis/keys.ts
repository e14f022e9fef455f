// Every Redis key eddy uses is built here (see STYLE.md).

import type { ResolvedJob, SinkKeys } from '../job/resolved-job.js';

/** Stream of partition p of a partitioned source: `sensors:{sensors:3}`. The hash tag puts all of a partition's keys in one cluster slot. */
export function partitionStream(base: string, p: number): string {
  return `${base}:{${base}:${p}}`;
}

/**
 * The hash tag that puts a key in the same cluster slot as `stream`: the stream's own tag when it
 * has one (`sensors:{sensors:3}` → `sensors:3`), else its whole name (a plain `sensors` hashes
 * "sensors", and so does any key containing `{sensors}`).
 */
export function hashTagOf(stream: string): string {
  const open = stream.indexOf('{');
  if (open >= 0) {
    const close = stream.indexOf('}', open + 1);
    if (close > open + 1) return stream.slice(open + 1, close);
  }
  return stream;
}

/** The partition's checkpoint: a hash with the committed position (and, later, state). */
export function checkpointKey(job: string, stream: string): string {
  return `eddy:${job}:checkpoint:{${hashTagOf(stream)}}`;
}

/**
 * The partition's refusal marks: a list of the entry IDs refused for a state limit since the replay
 * position (commit-7.lua), which a successor refuses again on replay. Same hash tag as the checkpoint.
 */
export function refusalMarksKey(job: string, stream: string): string {
  return `eddy:${job}:refused:{${hashTagOf(stream)}}`;
}

/**
 * The partition's lease: a string holding the owner id of the process that may process the
 * partition, with a TTL. Same hash tag as the checkpoint, so the commit script can check both.
 */
export function leaseKey(job: string, stream: string): string {
  return `eddy:${job}:lease:{${hashTagOf(stream)}}`;
}

/**
 * The job's live processes: a sorted set of owner ids scored by heartbeat expiry (server time, ms).
 * Used only to compute each process's fair share; it is never in a script with a partition's keys,
 * so its slot on a cluster does not matter.
 */
export function membersKey(job: string): string {
  return `eddy:${job}:members`;
}

/**
 * The repartition stage's position on an unpartitioned stream `from` (a hash: id, read), in the
 * same slot as `from`, so one script moves it and the stream's consumer group together.
 */
export function repartitionCheckpointKey(job: string, from: string): string {
  return `eddy:${job}:repartition:{${hashTagOf(from)}}`;
}

/** Where the repartition stage puts entries it cannot route (no usable key), unless told otherwise: its own stream, written only by the stage. */
export function repartitionDeadLetterStream(from: string): string {
  return `${from}:repartition-dlq`;
}

/**
 * Partition `stream`'s own copy of a sink, in the partition's cluster slot:
 * `sensor-stats:out` → `sensor-stats:out:{sensors:3}`. A sink that names a hash tag itself is kept
 * as it is (checkClusterSlots refuses it when its slot is not the partition's).
 */
export function partitionSink(sink: string, stream: string): string {
  return hashTagOf(sink) !== sink ? sink : `${sink}:{${hashTagOf(stream)}}`;
}

/** The job with per-partition sinks (what a job runs with on a Redis Cluster). */
export function withPartitionSinks(job: ResolvedJob): ResolvedJob {
  const partitionSinks = job.partitions.map((stream) => ({
    output: partitionSink(job.sinks.output, stream),
    late: partitionSink(job.sinks.late, stream),
    deadLetter: partitionSink(job.sinks.deadLetter, stream),
  }));
  return { ...job, partitionSinks };
}

/** The sinks partition p's commits write. */
export function sinksOf(job: ResolvedJob, p: number): SinkKeys {
  return job.partitionSinks?.[p] ?? job.sinks;
}
