import { openCommandConnection } from '../redis/command-connection.js';
import { loadJobFile } from '../runtime/load-job-file.js';
import { PartitionedProducer } from '../producer/partitioned-producer.js';
import { SyntheticEntries } from '../producer/synthetic-entries.js';

export interface ProduceOptions {
  readonly redis: string;
  /** PEM file of the CAs to trust for a `rediss://` URL. */
  readonly tlsCa?: string;
  readonly count: number;
  /** Entries per second; 0: as fast as Redis takes them. */
  readonly rate: number;
  readonly keys: number;
  readonly seed: number;
  readonly stepMs: number;
}

/** Entries per pipeline. */
const BURST = 500;

/**
 * `eddy produce <job-file>`: synthetic entries shaped by the job (its key, time and value fields,
 * or its msgpack payload) into its source, partitioned by key hash — the load generator for
 * benchmarks and demos of any job.
 */
export async function produceCommand(file: string, o: ProduceOptions): Promise<void> {
  const job = await loadJobFile(file);
  // A cluster is found out as `eddy run` does (the error names an unreachable Redis the same way).
  const { redis } = await openCommandConnection(o.redis, o.tlsCa !== undefined ? { tlsCaFile: o.tlsCa } : {}, `eddy:${job.name}:produce`);
  const stream = job.partitions.length === 1 ? job.partitions[0]! : job.partitions[0]!.replace(/:\{.*$/, '');
  const producer = new PartitionedProducer(redis, job.partitions.length === 1 ? { stream } : { stream, partitions: job.partitions.length });
  const entries = new SyntheticEntries(job, { keys: o.keys, seed: o.seed, startMs: Math.floor(Date.now() / 1000) * 1000, stepMs: o.stepMs });
  const started = performance.now();
  try {
    for (let sent = 0; sent < o.count; ) {
      const n = Math.min(BURST, o.count - sent);
      for (let i = 0; i < n; i++) producer.add(...entries.next());
      await producer.flush();
      sent += n;
      if (o.rate > 0) {
        const due = started + (sent * 1000) / o.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${JSON.stringify({ job: job.name, streams: job.partitions, entries: o.count, seconds: Number(seconds.toFixed(3)), entriesPerSecond: Math.round(o.count / seconds) })}\n`);
  } finally {
    redis.disconnect();
  }
}
