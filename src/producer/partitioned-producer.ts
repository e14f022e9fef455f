// Writing to a partitioned source (`sensors:{sensors:0}` … `sensors:{sensors:P-1}`) by key hash,
// so every entry of a key lands in the same partition and a job's per-key state lives in one place.
// The library function behind `eddy produce`, and what producers embed.

import type { ChainableCommander } from 'ioredis';
import type { RedisClient } from '../redis/command-connection.js';
import { partitionStream } from '../redis/keys.js';
import { hash64Reference } from '../reference/hash64-reference.js';

/** The partition of `key` among `partitions`: xxHash64 (seed 0) of its UTF-8 bytes, modulo P. */
export function partitionOfKey(key: string | Uint8Array, partitions: number): number {
  if (partitions === 1) return 0;
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return Number(hash64Reference(bytes) % BigInt(partitions));
}

export interface PartitionedProducerOptions {
  /** The source stream's name as the job names it (`source.stream`). */
  readonly stream: string;
  /** The job's `source.partitions`; absent or 1 for a plain stream. */
  readonly partitions?: number;
  /** XADD MAXLEN ~ per partition stream; absent: no trimming (a job's replay needs its input, DESIGN.md). */
  readonly maxLen?: number;
}

/**
 * Buffers entries and writes them with one pipeline per partition stream and flush, sent together
 * (on a Redis Cluster the streams live on different nodes, and one ioredis pipeline may only hold
 * keys of one node). Entries of one key keep their order (they go to one stream, in order); entries
 * of different partitions are not ordered among themselves.
 */
export class PartitionedProducer {
  private pipelines = new Map<string, ChainableCommander>();
  private pending = 0;
  private readonly partitions: number;
  /** Keys repeat: their partition is computed once (the reference hash costs about a microsecond). */
  private readonly partitionCache = new Map<string, number>();

  constructor(
    private readonly redis: RedisClient,
    private readonly o: PartitionedProducerOptions,
  ) {
    this.partitions = o.partitions ?? 1;
    if (!Number.isInteger(this.partitions) || this.partitions < 1) throw new Error(`partitions must be a positive integer, got ${o.partitions}`);
  }

  /** The stream an entry with this key goes to. */
  streamOf(key: string): string {
    if (this.o.partitions === undefined) return this.o.stream;
    let p = this.partitionCache.get(key);
    if (p === undefined) {
      p = partitionOfKey(key, this.partitions);
      this.partitionCache.set(key, p);
    }
    return partitionStream(this.o.stream, p);
  }

  /** Queues one entry (flat field/value list) for the key's partition. */
  add(key: string, fields: readonly (string | Buffer)[]): void {
    const trim = this.o.maxLen === undefined ? [] : ['MAXLEN', '~', String(this.o.maxLen)];
    const stream = this.streamOf(key);
    let pipeline = this.pipelines.get(stream);
    if (pipeline === undefined) {
      pipeline = this.redis.pipeline();
      this.pipelines.set(stream, pipeline);
    }
    pipeline.xadd(stream, ...trim, '*', ...fields);
    this.pending++;
  }

  /** Entries queued since the last flush. */
  get queued(): number {
    return this.pending;
  }

  /** Sends what is queued; rejects on the first failed XADD. */
  async flush(): Promise<void> {
    if (this.pending === 0) return;
    const pipelines = [...this.pipelines.values()];
    this.pipelines = new Map();
    this.pending = 0;
    const replies = (await Promise.all(pipelines.map(async (p) => (await p.exec()) ?? []))).flat();
    const failed = replies.find(([e]) => e !== null);
    if (failed) throw new Error(`XADD failed: ${(failed[0] as Error).message}`);
  }
}
