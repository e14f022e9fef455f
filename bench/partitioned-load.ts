// The scaling benchmark's data: the same entries as generateLoad() (bench/load-generator.ts), once
// in the plain stream `sensors` for the hand-written consumer and once spread over the partitions
// `sensors:{sensors:p}` by the producer's key hash, for eddy — so both read the same entries.

import type { Redis } from 'ioredis';
import { partitionOfKey } from '../src/producer/partitioned-producer.js';
import { partitionStream } from '../src/redis/keys.js';
import { seededRandom } from '../src/demo/seeded-random.js';
import { LOAD_START_MS, SENSOR_STREAM, sensorName, sensorValues } from './load-generator.js';

export interface PartitionedLoadReport {
  readonly entries: number;
  /** Entries per partition, partition order. */
  readonly perPartition: readonly number[];
  readonly elapsedMs: number;
}

/** Writes `entries` entries over `keys` keys (round robin, one event per key per second, ≤ 0.5 s jitter) to both layouts. */
export async function loadPartitioned(redis: Redis, entries: number, keys: number, partitions: number): Promise<PartitionedLoadReport> {
  const random = seededRandom(1);
  const value = sensorValues(keys, 2);
  const names = Array.from({ length: keys }, (_, k) => sensorName(k));
  const streams = names.map((n) => partitionStream(SENSOR_STREAM, partitionOfKey(n, partitions)));
  const perPartition = Array.from({ length: partitions }, () => 0);
  const msPerEntry = 1000 / keys;
  const started = performance.now();
  const chunk = 2500;
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < entries; i += chunk) {
    const pipe = redis.pipeline();
    for (let at = i; at < Math.min(entries, i + chunk); at++) {
      const k = at % keys;
      const ts = String(Math.max(LOAD_START_MS, LOAD_START_MS + Math.floor(at * msPerEntry) - Math.floor(random() * 500)));
      const v = value(k);
      pipe.xadd(SENSOR_STREAM, '*', 'sensor', names[k]!, 'value', v, 'ts', ts);
      pipe.xadd(streams[k]!, '*', 'sensor', names[k]!, 'value', v, 'ts', ts);
      perPartition[partitionOfKey(names[k]!, partitions)]!++;
    }
    inFlight.push(
      pipe.exec().then((replies) => {
        const failed = replies?.find(([e]) => e !== null);
        if (failed) throw new Error(`XADD failed while loading: ${failed[0]!.message}`);
      }),
    );
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return { entries, perPartition, elapsedMs: performance.now() - started };
}
