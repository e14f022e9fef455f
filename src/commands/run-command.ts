import { pino } from 'pino';
import { loadJobFile } from '../runtime/load-job-file.js';
import { startJob } from '../runtime/run-job.js';
import { parseRedisUrl } from '../redis/redis-url.js';

export interface RunCommandOptions {
  readonly redis: string;
  readonly drain?: boolean;
  readonly workers?: number;
  readonly progressMs: number;
}

/** `eddy run`: JSON logs on stdout; SIGINT/SIGTERM stop reading, commit what is in flight, exit 0. */
export async function runCommand(file: string, opts: RunCommandOptions): Promise<void> {
  const log = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
  const job = await loadJobFile(file);
  const endpoint = parseRedisUrl(opts.redis);
  const handle = await startJob(job, {
    redisUrl: opts.redis,
    drain: opts.drain ?? false,
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
  });
  log.info({ job: job.name, group: job.group, partitions: job.partitions.length, redis: endpoint.redacted, drain: !!opts.drain }, 'job started');

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting without waiting for in-flight commits (they stay pending and are re-read)');
      process.exit(130);
    }
    log.info({ signal }, 'stopping: finishing in-flight batches');
    handle.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const timer =
    opts.progressMs > 0
      ? setInterval(() => {
          handle.refreshLag().then(
            () => log.info({ job: job.name, ...handle.progress() }, 'progress'),
            () => {},
          );
        }, opts.progressMs)
      : undefined;
  try {
    const summary = await handle.done;
    log.info({ job: job.name, ...summary }, 'job finished');
  } finally {
    if (timer) clearInterval(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
