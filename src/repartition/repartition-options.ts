// Options of the repartition stage (`eddy repartition`, startRepartition): one interface, its
// defaults, its validation.

import type { ResolvedJob } from '../job/resolved-job.js';
import { repartitionDeadLetterStream } from '../redis/keys.js';

export interface RepartitionOptions {
  /** The unpartitioned stream to read: whatever producers write, with no knowledge of P. */
  readonly from: string;
  /**
   * Consumer group on `from` whose position mirrors the stage's checkpoint (XGROUP SETID …
   * ENTRIESREAD), so XINFO GROUPS and KEDA see the stage's lag. An existing group is continued from
   * its last-delivered ID when the stage has no checkpoint yet — from before the entries it holds
   * pending for consumers idle past the job's abandonedPendingAfter, which are copied and then
   * acknowledged (src/redis/group-start.ts); a missing one is created at the start of the stream.
   * @default `<job name>-repartition`
   */
  readonly group?: string;
  /**
   * Stream for entries that cannot be routed (no usable key): the original fields, `reason`,
   * `detail`, `source_id`, under the source entry's ID. Written only by the stage (that is what
   * makes it exactly once), so never the job's own dead-letter stream.
   * @default `<from>:repartition-dlq`
   */
  readonly deadLetter?: string;
  /** Entries per read and per append. @default 1000 */
  readonly batchSize?: number;
  /** Finish when a read finds nothing more to do, instead of waiting for new entries. @default false */
  readonly drain?: boolean;
  /** How long one read waits for new entries, ms. @default 1000 */
  readonly blockMs?: number;
}

export type ResolvedRepartitionOptions = Required<RepartitionOptions>;

export const REPARTITION_DEFAULTS = { batchSize: 1000, drain: false, blockMs: 1000 } as const;

/** Entries with more field pairs than this cannot pass through Lua's unpack() into XADD: dead-lettered as `too-many-fields`. */
export const MAX_ROUTED_FIELD_PAIRS = 3000;

/** An option the stage refuses, with what to do instead. */
export class RepartitionOptionError extends Error {
  override readonly name = 'RepartitionOptionError';
}

export function resolveRepartitionOptions(job: ResolvedJob, o: RepartitionOptions): ResolvedRepartitionOptions {
  const resolved: ResolvedRepartitionOptions = {
    from: o.from,
    group: o.group ?? `${job.name}-repartition`,
    deadLetter: o.deadLetter ?? repartitionDeadLetterStream(o.from),
    batchSize: o.batchSize ?? REPARTITION_DEFAULTS.batchSize,
    drain: o.drain ?? REPARTITION_DEFAULTS.drain,
    blockMs: o.blockMs ?? REPARTITION_DEFAULTS.blockMs,
  };
  if (resolved.from === '') throw new RepartitionOptionError('--from: name the unpartitioned stream to read');
  const written = [...job.partitions, resolved.deadLetter];
  if (written.includes(resolved.from)) {
    throw new RepartitionOptionError(`--from "${resolved.from}" is a stream the stage writes (a partition of job ${job.name}, or its dead-letter stream): read the stream producers write to`);
  }
  if ([...job.partitions, job.sinks.deadLetter, job.sinks.output, job.sinks.late].includes(resolved.deadLetter)) {
    throw new RepartitionOptionError(`--dead-letter "${resolved.deadLetter}" is a stream of job ${job.name}: the stage needs a stream only it writes (the default is <from>:repartition-dlq)`);
  }
  if (!Number.isInteger(resolved.batchSize) || resolved.batchSize < 1) throw new RepartitionOptionError(`batchSize must be a positive integer, got ${resolved.batchSize}`);
  if (!Number.isInteger(resolved.blockMs) || resolved.blockMs < 1) throw new RepartitionOptionError(`blockMs must be a positive integer, got ${resolved.blockMs}`);
  return resolved;
}
