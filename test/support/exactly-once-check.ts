// The end-of-test check of the fault tests: after everything was read (a final --drain), the sinks
// equal the oracle's exactly — every window result, late event and dead letter once, in order —
// nothing is pending, and each partition's group has read its stream to the end.

import { expect } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import type { RedisClient } from '../../src/redis/command-connection.js';
import { sinksOf } from '../../src/redis/keys.js';
import { partitionOfSensor, splitByPartitionField } from './partitioned-sensors.js';
import { expectedSinks } from './sensor-oracle.js';
import { groupInfo, pendingCount, readRaw, readSinks } from './stream-io.js';

/**
 * For a one-partition job, or a partitioned one fed by partitionedSensorEntries() with `sensors`
 * sensors (its late events and dead letters carry their partition in field `p`). A job with
 * per-partition sinks (on a cluster: withPartitionSinks) is read partition by partition.
 */
export async function expectExactlyOnce(redis: RedisClient, job: ResolvedJob, sensors: number): Promise<void> {
  const partitions = job.partitions.length;
  const shared = job.partitionSinks === undefined ? await readSinks(redis, job.sinks) : undefined;
  const keyPartition = partitionOfSensor(partitions, sensors);
  const split = (records: string[][]): string[][][] => (partitions === 1 ? [records] : splitByPartitionField(records, partitions));
  const late = shared && split(shared.late);
  const deadLetter = shared && split(shared.deadLetter);
  let windows = 0;
  for (let p = 0; p < partitions; p++) {
    const stream = job.partitions[p]!;
    const raw = await readRaw(redis, stream);
    const expected = expectedSinks(job, raw);
    const own = shared ? undefined : await readSinks(redis, sinksOf(job, p));
    const output = own ? own.output : partitions === 1 ? shared!.output : shared!.output.filter((r) => keyPartition(r[1]!) === p);
    expect(own?.deadLetter ?? deadLetter![p], `partition ${p} dead letters`).toEqual(expected.deadLetter);
    expect(own?.late ?? late![p], `partition ${p} late events`).toEqual(expected.late);
    expect(output.length, `partition ${p} window results: how many`).toBe(expected.output.length);
    expect(output, `partition ${p} window results`).toEqual(expected.output);
    windows += expected.output.length;
    expect(await pendingCount(redis, stream, job.group), `partition ${p} pending entries`).toBe(0);
    const info = await groupInfo(redis, stream, job.group);
    expect(info?.get('last-delivered-id'), `partition ${p} group position`).toBe(raw.at(-1)?.id);
    expect(info?.get('entries-read'), `partition ${p} group entries-read`).toBe(raw.length);
  }
  expect(windows, 'window results to compare (not all input dead-lettered)').toBeGreaterThan(0);
}
