import type { RedisClient } from '../redis/command-connection.js';
import type { ResolvedJob } from '../job/resolved-job.js';
import { Counter, partitionCounters } from '../pool/worker-protocol.js';
import { fieldsOf } from '../redis/reply-fields.js';

/** What the job has done so far, summed over partitions. */
export interface Progress {
  readonly entries: number;
  readonly results: number;
  readonly late: number;
  readonly deadLetters: number;
  readonly batches: number;
  /** Entries per second since the previous snapshot. */
  readonly entriesPerSecond: number;
  /** Entries in the input not yet delivered to the group (Redis' own lag), or undefined when unknown. */
  readonly lag: number | undefined;
  readonly openWindows: number;
  readonly keys: number;
  readonly maxBatchLatencyMs: number;
  readonly commitMsTotal: number;
  readonly elapsedMs: number;
}

/** Reads the workers' shared counters; the only cross-thread traffic is these few doubles. */
export class ProgressTracker {
  private readonly started = performance.now();
  private lastAt = this.started;
  private lastEntries = 0;
  private lag: number | undefined;

  constructor(
    private readonly job: ResolvedJob,
    private readonly counters: SharedArrayBuffer,
    private readonly redis: RedisClient,
  ) {}

  snapshot(): Progress {
    const sum = (c: number): number => {
      let s = 0;
      for (let p = 0; p < this.job.partitions.length; p++) s += partitionCounters(this.counters, p)[c]!;
      return s;
    };
    const max = (c: number): number => {
      let m = 0;
      for (let p = 0; p < this.job.partitions.length; p++) m = Math.max(m, partitionCounters(this.counters, p)[c]!);
      return m;
    };
    const now = performance.now();
    const entries = sum(Counter.entries);
    const rate = now > this.lastAt ? ((entries - this.lastEntries) * 1000) / (now - this.lastAt) : 0;
    this.lastAt = now;
    this.lastEntries = entries;
    return {
      entries,
      results: sum(Counter.results),
      late: sum(Counter.late),
      deadLetters: sum(Counter.deadLetters),
      batches: sum(Counter.batches),
      entriesPerSecond: rate,
      lag: this.lag,
      openWindows: sum(Counter.openWindows),
      keys: sum(Counter.keys),
      maxBatchLatencyMs: max(Counter.maxBatchLatencyMs),
      commitMsTotal: sum(Counter.commitMsTotal),
      elapsedMs: now - this.started,
    };
  }

  /** Sums XINFO GROUPS `lag` (Redis ≥ 7) over the job's partitions. */
  async refreshLag(): Promise<void> {
    const lags = await this.partitionLags();
    this.lag = lags.every((l): l is number => l !== undefined) ? lags.reduce((a, b) => a + b, 0) : undefined;
  }

  /** Each partition's XINFO GROUPS `lag` for the job's group; undefined where Redis cannot tell. */
  async partitionLags(): Promise<(number | undefined)[]> {
    const out: (number | undefined)[] = [];
    for (const stream of this.job.partitions) {
      const groups = (await this.redis.xinfo('GROUPS', stream)) as unknown[][];
      const lag = groups.map(fieldsOf).find((f) => f.get('name') === this.job.group)?.get('lag');
      out.push(typeof lag === 'number' ? lag : undefined);
    }
    return out;
  }
}
