// A producer that keeps going through Redis restarts, outages and OOM refusals, and still writes
// every entry exactly once: entry i gets the explicit ID (T0 + i)-0, so a burst resent after an error
// finds the entries that made it ("equal or smaller than the target stream top item") and adds only
// the rest. What the job must produce is then a function of the generated entries alone. The IDs'
// times stay within minutes of sensor-data's event times, inside a job's default time bounds.

import type { Redis } from 'ioredis';
import { T0 } from './sensor-data.js';

export interface StreamEntry {
  readonly stream: string;
  readonly fields: readonly (string | Buffer)[];
}

export interface ResilientProducer {
  /** Entries known to be in Redis (a prefix of the list). */
  produced(): number;
  /** Bursts that failed and were sent again. */
  retries(): number;
  /** Settles once every entry is in Redis. */
  readonly finished: Promise<void>;
}

/** The ID entry `index` is written under. */
export function producedId(index: number): string {
  return `${T0 + index}-0`;
}

/**
 * Writes `entries` in bursts of `burst`, `pauseMs` apart, retrying a failed burst every 100 ms until
 * it is in. `firstIndex`: the index of entries[0] in the whole input (its ID), when producing a part.
 */
export function resilientProducer(redis: Redis, entries: readonly StreamEntry[], burst = 200, pauseMs = 10, firstIndex = 0): ResilientProducer {
  let produced = 0;
  let retries = 0;
  const finished = (async () => {
    while (produced < entries.length) {
      const end = Math.min(entries.length, produced + burst);
      const pipe = redis.pipeline();
      for (let i = produced; i < end; i++) pipe.xadd(entries[i]!.stream, producedId(firstIndex + i), ...entries[i]!.fields);
      const replies = await pipe.exec().catch(() => null);
      const ok = replies !== null && replies.every(([err]) => !err || /equal or smaller/.test(err.message));
      if (ok) {
        produced = end;
        await new Promise((r) => setTimeout(r, pauseMs));
      } else {
        retries++;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
  return { produced: () => produced, retries: () => retries, finished };
}
