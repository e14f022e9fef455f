// Watching a job's partition leases from outside, as an operator's probe would: every few
// milliseconds, GET every lease key; a partition is "uncovered" while no process holds it — no
// lease, or a lease naming a process that has already exited (its lease has not expired yet) —
// until a living process holds it again. The longest such stretch is the gap a hand-over cost,
// whatever the processes themselves log.

import type { Redis } from 'ioredis';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { leaseKey } from '../../src/redis/keys.js';

export interface LeaseGapReport {
  /** The longest time any partition had no lease holder, ms (0 when always held). */
  readonly longestGapMs: number;
  /** Which partition that was. */
  readonly longestGapPartition: number | undefined;
  /** How many times a partition changed holder (directly or through a gap). */
  readonly handOvers: number;
  /**
   * Partitions still without a holder when the watch stopped. A hand-over under way when stop() is
   * called (a rebalance between survivors releases, then takes) is waited for, up to `settleMs`,
   * and its gap counts in longestGapMs like any other: only a partition left uncovered that long
   * is listed here.
   */
  readonly uncoveredAtStop: readonly number[];
  /** Polls made. */
  readonly polls: number;
}

export interface LeaseGapWatch {
  /** Stops polling once every partition has a living holder, or after `settleMs` (default 5 s). */
  stop(settleMs?: number): Promise<LeaseGapReport>;
}

/**
 * Starts polling the job's lease keys every `everyMs` ms. `exited(owner)` says whether the process
 * with that owner id has exited: its leases then count as no holder.
 */
export function watchLeaseGaps(redis: Redis, job: ResolvedJob, exited: (owner: string) => boolean, everyMs = 20): LeaseGapWatch {
  const keys = job.partitions.map((s) => leaseKey(job.name, s));
  const holder: (string | undefined)[] = keys.map(() => undefined);
  const freeSince: (number | undefined)[] = keys.map(() => undefined);
  let longestGapMs = 0;
  let longestGapPartition: number | undefined;
  let handOvers = 0;
  let polls = 0;
  // Set by stop(): whether the polling may end now.
  let done: (() => boolean) | undefined;
  const loop = (async () => {
    while (done === undefined || !done()) {
      const now = performance.now();
      // GETs in a pipeline, not MGET: on a cluster the keys live in different slots.
      const pipe = redis.pipeline();
      for (const k of keys) pipe.get(k);
      const current = ((await pipe.exec()) ?? []).map(([err, v]) => {
        if (err) throw err;
        return v as string | null;
      });
      polls++;
      current.forEach((lease, p) => {
        const h = lease === null || exited(lease) ? null : lease;
        const last = holder[p];
        if (last === undefined) {
          // Not held yet since the watch began: the first acquisition is no hand-over.
          if (h !== null) holder[p] = h;
          return;
        }
        if (h === null) {
          freeSince[p] ??= now;
          return;
        }
        const since = freeSince[p];
        if (since !== undefined && now - since > longestGapMs) {
          longestGapMs = now - since;
          longestGapPartition = p;
        }
        freeSince[p] = undefined;
        if (h !== last) handOvers++;
        holder[p] = h;
      });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(settleMs = 5_000) {
      const until = performance.now() + settleMs;
      done = () => freeSince.every((s) => s === undefined) || performance.now() > until;
      await loop;
      return {
        longestGapMs,
        longestGapPartition,
        handOvers,
        uncoveredAtStop: freeSince.flatMap((s, p) => (s !== undefined ? [p] : [])),
        polls,
      };
    },
  };
}
