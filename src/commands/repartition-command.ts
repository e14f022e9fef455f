import { pino } from 'pino';
import { loadJobFile } from '../runtime/load-job-file.js';
import { commandConnection, isCluster } from '../redis/command-connection.js';
import { connectFailure } from '../redis/redis-tls.js';
import { parseRedisUrl } from '../redis/redis-url.js';
import { startRepartition } from '../repartition/repartitioner.js';

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
  const connect = opts.tlsCa !== undefined ? { tlsCaFile: opts.tlsCa } : {};
  // On a Redis Cluster, ioredis' Cluster client sends each append to its partition's slot.
  const cluster = await isCluster(parseRedisUrl(opts.redis, connect));
  const endpoint = parseRedisUrl(opts.redis, { ...connect, cluster });
  const redis = commandConnection(endpoint, `eddy:${job.name}:repartition`);
  let connectionError: Error | undefined;
  const noteError = (e: Error): void => void (connectionError = e);
  redis.on('error', noteError);
  try {
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new Error(connectFailure(endpoint, e as Error, connectionError));
  } finally {
    redis.off('error', noteError);
  }
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
      (n) => log.warn({ cause: n.cause, detail: n.detail, attempt: n.attempt }, 'repartition batch failed for a reason that passes; retrying (entries already appended are refused, never doubled)'),
    );
    log.info({ job: job.name, from: opts.from, partitions: job.partitions.length, redis: endpoint.redacted, drain: !!opts.drain }, 'repartition started');
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (++signals > 1) {
        log.warn({ signal }, 'second signal: exiting at once (the batch in hand is re-sent by the next run and refused where it was appended)');
        process.exit(130);
      }
      log.info({ signal }, 'stopping: finishing the batch in hand');
      handle.stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const summary = await handle.done;
      log.info({ job: job.name, from: opts.from, ...summary }, 'repartition finished');
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } finally {
    redis.disconnect();
  }
}
