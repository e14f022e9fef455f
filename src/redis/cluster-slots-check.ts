import type { ResolvedJob } from '../job/resolved-job.js';
import { keySlot } from './cluster-slot.js';
import { checkpointKey, leaseKey, partitionSink, refusalMarksKey, sinksOf } from './keys.js';

/** A job whose scripts would touch keys in more than one cluster slot: refused at start-up, not by CROSSSLOT at the first commit. */
export class CrossSlotJob extends Error {
  override readonly name = 'CrossSlotJob';
}

/**
 * Checks, before anything runs on a Redis Cluster, that every script's keys share one slot for
 * every partition: the commit's (input stream, checkpoint, three sinks, lease, refusal marks) — the lease and
 * failure scripts use a subset of them. Keys built by eddy share the partition's hash tag; what can
 * break it is a sink the job names with a hash tag of its own.
 */
export function checkClusterSlots(job: ResolvedJob): void {
  job.partitions.forEach((stream, p) => {
    const slot = keySlot(stream);
    const sinks = sinksOf(job, p);
    const keys: [string, string][] = [
      ['checkpoint', checkpointKey(job.name, stream)],
      ['lease', leaseKey(job.name, stream)],
      ['refusal marks', refusalMarksKey(job.name, stream)],
      ['sinks.output', sinks.output],
      ['sinks.late', sinks.late],
      ['sinks.deadLetter', sinks.deadLetter],
    ];
    for (const [what, key] of keys) {
      if (keySlot(key) === slot) continue;
      const fix = what.startsWith('sinks.')
        ? `remove the {…} hash tag from ${what}: on a cluster eddy then writes each partition's own copy in the partition's slot ("${partitionSink(withoutTag(key), stream)}")`
        : 'this is a bug in eddy (its own keys share the partition\'s hash tag)';
      throw new CrossSlotJob(
        `job "${job.name}" cannot run on this Redis Cluster: partition ${stream} is in slot ${slot}, but its ${what} "${key}" is in slot ${keySlot(key)}, ` +
          `and one commit writes both atomically (a script's keys must share one slot): ${fix}`,
      );
    }
  });
}

function withoutTag(key: string): string {
  return key.replace(/\{[^}]*\}/, '').replace(/:$/, '') || key;
}
