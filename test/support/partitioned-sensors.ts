// Sensor input spread over a partitioned source (`sensors:{sensors:0}` … `sensors:{sensors:P-1}`)
// for the tests where several `eddy run` processes share one job, plus what those tests read back:
// who holds each partition's lease, and each partition's records.
//
// Sensor k lives in partition k mod P; an entry without a sensor goes by its index. Every entry
// carries its partition in a field `p`, which late events and dead letters copy.

import type { RedisClient } from '../../src/redis/command-connection.js';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { leaseKey, membersKey, partitionStream } from '../../src/redis/keys.js';
import { startCli, type CliOptions, type CliProcess, type LogLine } from './run-cli.js';
import { sensorEntries, sensorName, type SensorDataOptions } from './sensor-data.js';
import { groupInfo, xaddAll } from './stream-io.js';

export interface PartitionedEntry {
  readonly partition: number;
  readonly fields: readonly string[];
}

/** sensorEntries(), each entry routed to a partition and tagged with `p`. */
export function partitionedSensorEntries(partitions: number, options: SensorDataOptions): PartitionedEntry[] {
  const byName = new Map(Array.from({ length: options.sensors }, (_, k) => [sensorName(k), k % partitions]));
  return sensorEntries(options).map((e, i) => {
    const partition = e.sensor === undefined ? i % partitions : byName.get(e.sensor)!;
    return { partition, fields: [...(e.fields as string[]), 'p', String(partition)] };
  });
}

/** The partition of a window result, by its key: sensor k lives in partition k mod P (not the producer's hash, src/producer). */
export function partitionOfSensor(partitions: number, sensors: number): (key: string) => number {
  const byName = new Map(Array.from({ length: sensors }, (_, k) => [sensorName(k), k % partitions]));
  return (key) => byName.get(key)!;
}

/** XADDs entries to their partitions' streams, in order within each partition. */
export async function produce(redis: RedisClient, entries: readonly PartitionedEntry[]): Promise<void> {
  const partitions = Math.max(0, ...entries.map((e) => e.partition)) + 1;
  for (let p = 0; p < partitions; p++) {
    const mine = entries.filter((e) => e.partition === p).map((e) => e.fields);
    if (mine.length > 0) await xaddAll(redis, partitionStream('sensors', p), mine);
  }
}

/** A producer writing `entries` in small bursts until they run out (`finished`) or stop() is called. */
export function steadyProducer(
  redis: RedisClient,
  entries: readonly PartitionedEntry[],
  burst = 100,
): { produced(): number; readonly finished: Promise<void>; stop(): Promise<void> } {
  let producing = true;
  let produced = 0;
  const loop = (async () => {
    while (producing && produced < entries.length) {
      await produce(redis, entries.slice(produced, produced + burst));
      produced = Math.min(entries.length, produced + burst);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    produced: () => produced,
    finished: loop,
    async stop() {
      producing = false;
      await loop;
    },
  };
}

/** Each partition's lease holder (owner id), or undefined when free. */
export async function leaseHolders(redis: RedisClient, job: ResolvedJob): Promise<(string | undefined)[]> {
  return Promise.all(job.partitions.map(async (s) => (await redis.get(leaseKey(job.name, s))) ?? undefined));
}

/** The owner id a process logged at start-up. */
export function ownerOf(logs: readonly LogLine[]): string {
  const started = logs.find((l) => l.msg === 'job started');
  if (!started || typeof started['owner'] !== 'string') throw new Error('no "job started" line with an owner');
  return started['owner'];
}

/** Partitions whose lease `owner` holds now. */
export async function heldBy(redis: RedisClient, job: ResolvedJob, owner: string): Promise<number[]> {
  return (await leaseHolders(redis, job)).flatMap((h, p) => (h === owner ? [p] : []));
}

/** Live members of the job's lease membership. */
export async function members(redis: RedisClient, job: ResolvedJob): Promise<string[]> {
  return redis.zrange(membersKey(job.name), 0, -1);
}

/** True once every partition's group has read `counts[p]` entries (the committed position is at the end). */
export async function allRead(redis: RedisClient, job: ResolvedJob, counts: readonly number[]): Promise<boolean> {
  for (let p = 0; p < job.partitions.length; p++) {
    const info = await groupInfo(redis, job.partitions[p]!, job.group);
    if (info?.get('entries-read') !== counts[p]) return false;
  }
  return true;
}

/** How many entries each partition holds. */
export function countsPerPartition(entries: readonly PartitionedEntry[], partitions: number): number[] {
  const counts = Array.from({ length: partitions }, () => 0);
  for (const e of entries) counts[e.partition]!++;
  return counts;
}

/** Late events or dead letters split by their `p` field, each partition's in stream order. */
export function splitByPartitionField(records: readonly string[][], partitions: number): string[][][] {
  const out: string[][][] = Array.from({ length: partitions }, () => []);
  for (const r of records) out[Number(r[r.indexOf('p') + 1])]!.push(r);
  return out;
}

/** Window results as `key start end`, with any that occur more than once. */
export function duplicateWindows(output: readonly string[][]): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const r of output) {
    const id = `${r[1]} ${r[3]} ${r[5]}`;
    if (seen.has(id)) dup.push(id);
    seen.add(id);
  }
  return dup;
}

/** Starts `eddy <args>` and waits for its 'job started' line: the process and the owner id it logged. */
export async function startMember(args: readonly string[], options?: CliOptions): Promise<{ readonly process: CliProcess; readonly owner: string }> {
  const process = startCli(args, options);
  await process.waitForLog((l) => l.msg === 'job started');
  return { process, owner: ownerOf(process.logs()) };
}
