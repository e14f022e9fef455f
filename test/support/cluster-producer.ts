// A producer for the cluster failover tests: writes partitioned sensor entries in bursts, one
// pipeline per partition stream (the streams live on different nodes), retrying a burst that failed
// (the cluster is failing over) until it is in. A retried burst may be written twice — the oracle is
// computed from what the streams hold, so that is harmless. It remembers every ID Redis acknowledged,
// so a test can tell which acknowledged entries a failover lost.

import { partitionStream } from '../../src/redis/keys.js';
import type { RedisClient } from '../../src/redis/command-connection.js';
import type { PartitionedEntry } from './partitioned-sensors.js';
import { readRaw, xaddAll } from './stream-io.js';

export interface ClusterProducer {
  readonly finished: Promise<void>;
  /** Entries written so far (a prefix of the input). */
  produced(): number;
  /** Bursts that failed and were sent again. */
  retries(): number;
  /** Acknowledged IDs that the streams no longer hold (what Redis lost). */
  lostAcknowledged(): Promise<string[]>;
}

export function clusterProducer(redis: RedisClient, entries: readonly PartitionedEntry[], partitions: number, burst = 200, pauseMs = 10): ClusterProducer {
  const acked: string[][] = Array.from({ length: partitions }, () => []);
  let produced = 0;
  let retries = 0;
  const finished = (async () => {
    while (produced < entries.length) {
      const slice = entries.slice(produced, produced + burst);
      for (let p = 0; p < partitions; p++) {
        const mine = slice.filter((e) => e.partition === p).map((e) => e.fields);
        for (;;) {
          try {
            if (mine.length > 0) acked[p]!.push(...(await xaddAll(redis, partitionStream('sensors', p), mine)));
            break;
          } catch {
            retries++;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }
      produced += slice.length;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  })();
  return {
    finished,
    produced: () => produced,
    retries: () => retries,
    async lostAcknowledged() {
      const lost: string[] = [];
      for (let p = 0; p < partitions; p++) {
        const held = new Set((await readRaw(redis, partitionStream('sensors', p))).map((e) => e.id));
        lost.push(...acked[p]!.filter((id) => !held.has(id)));
      }
      return lost;
    },
  };
}
