import { pino } from 'pino';
import { loadJobFile } from '../runtime/load-job-file.js';
import { openCommandConnection } from '../redis/command-connection.js';
import { startRepartition } from '../repartition/repartitioner.js';
import { stopOnSignals } from './stop-on-signals.js';
import { POSITION_NOTICES } from './position-notices.js';

export interface RepartitionCommandOptions {
  readonly redis: string;
  readonly tlsCa?: string;
  readonly from: string;
  readonly group?: string;
  readonly deadLetter?: string;
  readonly batchSize?: number;
  readonly drain?: boolean;
}

/**
 * `eddy repartition <job-file> --from <stream>`: JSON logs on stdout; SIGINT/SIGTERM finish the
 * batch in hand, move the position past it and exit 0; --drain exits 0 at the end of input.
 */
export async function repartitionCommand(file: string, opts: RepartitionCommandOptions): Promise<void> {
  const log = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
  const job = await loadJobFile(file);
  // On a Redis Cluster, ioredis' Cluster client sends each append to its partition's slot.
  const { redis, endpoint } = await openCommandConnection(opts.redis, opts.tlsCa !== undefined ? { tlsCaFile: opts.tlsCa } : {}, `eddy:${job.name}:repartition`);
  try {
    const handle = await startRepartition(
      redis,
      job,
      {
        from: opts.from,
        ...(opts.group !== undefined ? { group: opts.group } : {}),
        ...(opts.deadLetter !== undefined ? { deadLetter: opts.deadLetter } : {}),
        ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
        drain: opts.drain ?? false,
      },
      (n) => {
        if ('attempt' in n) return log.warn({ cause: n.cause, detail: n.detail, attempt: n.attempt }, 'repartition batch failed for a reason that passes; retrying (entries already appended are refused, never doubled)');
        const { level, msg, advice } = POSITION_NOTICES[n.cause];
        log[level]({ from: opts.from, detail: n.detail, ...(advice ? { advice } : {}) }, msg);
      },
    );
    log.info({ job: job.name, from: opts.from, partitions: job.partitions.length, redis: endpoint.redacted, drain: !!opts.drain }, 'repartition started');
    const releaseSignals = stopOnSignals(log, () => handle.stop(), {
      stopping: 'stopping: finishing the batch in hand',
      secondSignal: 'second signal: exiting at once (the batch in hand is re-sent by the next run and refused where it was appended)',
    });
    try {
      const summary = await handle.done;
      log.info({ job: job.name, from: opts.from, ...summary }, 'repartition finished');
    } finally {
      releaseSignals();
    }
  } finally {
    redis.disconnect();
  }
}
