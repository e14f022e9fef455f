// The end-of-test check of the fault tests: after everything was read (a final --drain), the sinks
// equal the oracle's exactly — every window result, late event and dead letter once, in order —
// nothing is pending, and each partition's group has read its stream to the end.

import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { partitionOfSensor, splitByPartitionField } from './partitioned-sensors.js';
import { expectedSinks } from './sensor-oracle.js';
import { groupInfo, pendingCount, readRaw, readSinks } from './stream-io.js';

/**
 * For a one-partition job, or a partitioned one fed by partitionedSensorEntries() with `sensors`
 * sensors (its late events and dead letters carry their partition in field `p`).
 */
export async function expectExactlyOnce(redis: Redis, job: ResolvedJob, sensors: number): Promise<void> {
  const written = await readSinks(redis, job.sinks);
  const partitions = job.partitions.length;
  const keyPartition = partitionOfSensor(partitions, sensors);
  const late = partitions === 1 ? [written.late] : splitByPartitionField(written.late, partitions);
  const deadLetter = partitions === 1 ? [written.deadLetter] : splitByPartitionField(written.deadLetter, partitions);
  let windows = 0;
  for (let p = 0; p < partitions; p++) {
    const stream = job.partitions[p]!;
    const raw = await readRaw(redis, stream);
    const expected = expectedSinks(job, raw);
    const output = partitions === 1 ? written.output : written.output.filter((r) => keyPartition(r[1]!) === p);
    expect(deadLetter[p], `partition ${p} dead letters`).toEqual(expected.deadLetter);
    expect(late[p], `partition ${p} late events`).toEqual(expected.late);
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
