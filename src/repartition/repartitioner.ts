// The repartition stage: reads an unpartitioned stream in order and appends every entry, unchanged
// and under its own ID, to the job's source partition of its key — so producers need no knowledge
// of P. Exactly once across crashes and restarts without a transaction across partitions: see
// repartition-append-1.lua and DESIGN.md "Repartition stage". A batch is appended to every stream
// it touches, then the position (and the source's consumer group) moves past it.

import type { ResolvedJob } from '../job/resolved-job.js';
import { commitTrouble, type CommitTrouble } from '../pipeline/commit-retry.js';
import { OthersPending } from '../pipeline/others-pending.js';
import type { PositionNotice } from '../pipeline/partition-notice.js';
import type { RawEntry } from '../reference/resp-value.js';
import { repartitionCheckpointKey } from '../redis/keys.js';
import type { ScriptedRedis } from '../redis/lua-scripts.js';
import { resolveRepartitionOptions, type RepartitionOptions } from './repartition-options.js';
import { repartitionStart } from './repartition-start.js';
import { routeEntries } from './route-entries.js';

export interface RepartitionSummary {
  /** Entries read from the source. */
  readonly entries: number;
  /** Entries appended to a partition or the dead-letter stream by this run. */
  readonly written: number;
  /** Entries found already appended (re-sent after a crash, or by another stage). */
  readonly present: number;
  readonly deadLettered: number;
  readonly batches: number;
  /** Batches retried after an error that passes (connection lost, OOM, LOADING, …). */
  readonly retries: number;
  /** The position the stage stopped at (every entry up to it is in its stream). */
  readonly position: string;
  readonly elapsedMs: number;
}

export interface RepartitionHandle {
  /** Settles when the stage has stopped: after stop(), or at the end of input with `drain`. Rejects on an error that does not pass. */
  readonly done: Promise<RepartitionSummary>;
  /** Finish the batch in hand, move the position past it, stop. Safe to call more than once. */
  stop(): void;
}

/**
 * Told when a batch is retried, and why (with its `attempt`); or what became of the entries the
 * source's group holds pending for other consumers (read from the oldest, left to active
 * consumers, acknowledged once copied: src/pipeline/others-pending.ts).
 */
export type RepartitionNotice = { readonly cause: CommitTrouble; readonly detail: string; readonly attempt: number } | PositionNotice;

/** Redis gave no answer to a read for this long past its BLOCK: the connection is re-made. */
const READ_WATCHDOG_MS = 10_000;

/**
 * Starts the stage on `redis` (a connection with eddy's scripts, e.g. commandConnection(); it is
 * not closed here).
 */
export async function startRepartition(
  redis: ScriptedRedis,
  job: ResolvedJob,
  options: RepartitionOptions,
  onNotice: (n: RepartitionNotice) => void = () => {},
): Promise<RepartitionHandle> {
  const o = resolveRepartitionOptions(job, options);
  const start = await repartitionStart(redis, job.name, o.from, o.group, job.abandonedPendingMs);
  const othersPending = OthersPending.atStart({ redis, stream: o.from, group: o.group, abandonedPendingMs: job.abandonedPendingMs }, start, onNotice);
  const checkpoint = repartitionCheckpointKey(job.name, o.from);
  let stopping = false;
  let wake: (() => void) | undefined;
  const counts = { entries: 0, written: 0, present: 0, deadLettered: 0, batches: 0, retries: 0 };
  let position = start.id;
  let entriesRead = start.entriesRead;
  const started = performance.now();

  const read = async (): Promise<RawEntry[]> => {
    const args: (string | number)[] = ['COUNT', o.batchSize, ...(o.drain ? [] : ['BLOCK', o.blockMs]), 'STREAMS', o.from, position];
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        redis.disconnect(true);
        reject(Object.assign(new Error('Connection is closed.'), { detail: 'read watchdog' }));
      }, o.blockMs + READ_WATCHDOG_MS);
    });
    try {
      const reply = (await Promise.race([(redis.xreadBuffer as (...a: (string | number)[]) => Promise<unknown>)(...args), watchdog])) as
        | [Buffer, [Buffer, Buffer[]][]][]
        | null;
      const entries = reply?.[0]?.[1] ?? [];
      return entries.map(([id, flat]) => ({ id: id.toString('latin1'), fields: pairs(flat) }));
    } finally {
      clearTimeout(timer);
    }
  };

  const batch = async (): Promise<'done' | 'more'> => {
    const entries = await read();
    if (entries.length === 0) return o.drain ? 'done' : 'more';
    const routed = routeEntries(entries, job, o.deadLetter);
    const replies = await Promise.all([...routed.appends].map(([stream, packed]) => redis.repartitionAppend(stream, packed)));
    const next = entriesRead === undefined ? '' : String(entriesRead + routed.entries);
    const moved = await redis.repartitionCheckpoint(checkpoint, o.from, o.group, routed.lastId, next);
    position = routed.lastId;
    othersPending.passed(position);
    entriesRead = moved[0] === 1 ? (moved[1] === '' ? undefined : Number(moved[1])) : undefined;
    counts.entries += routed.entries;
    counts.deadLettered += routed.deadLettered;
    counts.batches++;
    for (const [written, present] of replies) {
      counts.written += written;
      counts.present += present;
    }
    return 'more';
  };

  const loop = async (): Promise<RepartitionSummary> => {
    let attempt = 0;
    while (!stopping) {
      try {
        if ((await batch()) === 'done') break;
        attempt = 0;
      } catch (e) {
        const cause = commitTrouble(e);
        if (cause === undefined) throw describe(e, o.from);
        // The batch is read again from the position and re-sent whole: what made it is refused and counted as present.
        attempt++;
        counts.retries++;
        onNotice({ cause, detail: (e as Error).message, attempt });
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, Math.min(2000, 100 * 2 ** Math.min(attempt - 1, 5)));
        });
      }
    }
    await othersPending.settled();
    return { ...counts, position, elapsedMs: Math.round(performance.now() - started) };
  };

  return {
    done: loop(),
    stop() {
      stopping = true;
      wake?.();
    },
  };
}

function pairs(flat: Buffer[]): [Buffer, Buffer][] {
  const out: [Buffer, Buffer][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

/** Errors of the scripts, in words that say what to do. */
function describe(e: unknown, from: string): Error {
  const m = (e as Error).message ?? String(e);
  const gap = /EDDYREPARTITIONGAP (\S+) (\S+) (\S+)/.exec(m);
  if (gap) {
    return new Error(
      `partition stream ${gap[1]} refused entry ${gap[2]} (its last ID is ${gap[3]}) but does not hold it: something else writes to or deletes from the partition streams. ` +
        `With a repartition stage, producers write to "${from}" only; delete the partition streams and the stage's checkpoint to start over`,
    );
  }
  const group = /EDDYNOGROUP (\S+) (\S+)/.exec(m);
  if (group) return new Error(`consumer group "${group[2]}" no longer exists on "${group[1]}": it was destroyed while the stage ran; restart the stage to re-create it at its checkpoint`);
  return e instanceof Error ? e : new Error(m);
}
