import { pino } from 'pino';
import { loadJobFile } from '../runtime/load-job-file.js';
import { startJob } from '../runtime/run-job.js';
import type { LeaseEvent } from '../runtime/lease-events.js';
import { parseRedisUrl } from '../redis/redis-url.js';
import { sinksOf } from '../redis/keys.js';
import { stopOnSignals } from './stop-on-signals.js';
import { POSITION_NOTICES } from './position-notices.js';

export interface RunCommandOptions {
  readonly redis: string;
  /** PEM file of the CAs to trust for a `rediss://` URL. */
  readonly tlsCa?: string;
  readonly drain?: boolean;
  readonly workers?: number;
  readonly leaseMs?: number;
  /** WAIT for this many replicas after each commit; 0: no WAIT. */
  readonly waitReplicas?: number;
  readonly waitTimeoutMs?: number;
  readonly progressMs: number;
  /** Serve /metrics, /healthz and /readyz on this port; 0 or absent: no server. */
  readonly metricsPort?: number;
}

/** What the log says when commits are held up; the job retries with backoff and never writes a batch twice. */
const COMMIT_TROUBLE = {
  'out-of-memory': {
    msg: 'commit refused: Redis is at maxmemory (OOM); retrying',
    advice: 'nothing of the batch was written. Free memory in Redis — raise maxmemory (CONFIG SET maxmemory), trim the sinks (XTRIM) or delete other keys — and the job goes on by itself',
  },
  connection: {
    msg: 'commit not answered: lost the connection to Redis; retrying',
    advice: 'the checkpoint tells whether a lost attempt was applied, so nothing is written twice; if Redis stays unreachable past the lease, the partition is stopped and taken again once Redis is back',
  },
  unavailable: {
    msg: 'commit refused: Redis is loading its data or busy; retrying',
    advice: 'nothing of the batch was written; the job goes on once Redis answers',
  },
  unreplicated: {
    msg: 'commit applied but not acknowledged by --wait-replicas replicas in time',
    advice: 'the job goes on; until a replica has it, a failover could lose it (and eddy would then derive it again). Check the replicas (INFO replication) or lower --wait-replicas',
  },
} as const;

/**
 * `eddy run`: JSON logs on stdout; SIGINT/SIGTERM stop reading, commit what is in flight, release
 * the partitions' leases, exit 0. A --drain that could not drain every partition (others held
 * them) fails after its summary, naming them.
 */
export async function runCommand(file: string, opts: RunCommandOptions): Promise<void> {
  const log = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
  const job = await loadJobFile(file);
  const redisConnect = opts.tlsCa !== undefined ? { tlsCaFile: opts.tlsCa } : {};
  const endpoint = parseRedisUrl(opts.redis, redisConnect);
  let undrained: Extract<LeaseEvent, { type: 'undrained' }>['partitions'] = [];
  const onLeaseEvent = (e: LeaseEvent): void => {
    const stream = 'partition' in e ? job.partitions[e.partition] : undefined;
    switch (e.type) {
      case 'acquired':
        return log.info({ partition: e.partition, stream, token: e.token }, 'partition acquired');
      case 'released':
        return log.info({ partition: e.partition, stream, why: e.why }, 'partition released');
      case 'lost':
        return log.warn({ partition: e.partition, stream, reason: e.reason, holder: e.holder, detail: e.detail }, 'partition lost: stopped, nothing more is committed for it');
      case 'share':
        return log.info({ members: e.members, share: e.share }, 'fair share');
      case 'redis-error':
        return log.warn({ during: e.during, detail: e.detail }, 'lease bookkeeping failed; retrying');
      case 'undrained':
        undrained = e.partitions;
        return log.warn({ partitions: e.partitions }, 'partitions held by other processes were not drained');
    }
  };
  const handle = await startJob(job, {
    redisUrl: opts.redis,
    redisConnect,
    drain: opts.drain ?? false,
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(opts.leaseMs !== undefined ? { leaseMs: opts.leaseMs } : {}),
    ...(opts.waitReplicas ? { waitReplicas: opts.waitReplicas, ...(opts.waitTimeoutMs !== undefined ? { waitTimeoutMs: opts.waitTimeoutMs } : {}) } : {}),
    onLeaseEvent,
    onNotice: (m) => {
      const at = { partition: m.partition, stream: job.partitions[m.partition], detail: m.detail };
      if (!('attempts' in m)) {
        const { level, msg, advice } = POSITION_NOTICES[m.cause];
        return log[level]({ ...at, ...(advice ? { advice } : {}) }, msg);
      }
      const tried = { ...at, attempts: m.attempts };
      if (m.cause === 'resolved') return log.info(tried, 'commit went through');
      if (m.cause === 'lost-writes') {
        return log.warn({ ...tried, advice: 'Redis lost commits it had acknowledged (failover to a replica that lacked them, or a restart without them); their outputs went with them, and the partition derives them again from the checkpoint Redis kept. see DESIGN.md, "Redis Cluster"' }, 'Redis lost acknowledged commits: partition restarted from its checkpoint');
      }
      const { msg, advice } = COMMIT_TROUBLE[m.cause];
      log.warn({ ...tried, advice }, msg);
    },
  });
  // prom-client is loaded only when metrics are served.
  const metrics = opts.metricsPort ? await (await import('../runtime/metrics-server.js')).startMetricsServer(job, handle, opts.metricsPort) : undefined;
  if (metrics) log.info({ port: metrics.port }, 'serving /metrics, /healthz and /readyz');
  const { owner, held } = handle.progress().leases;
  // On a cluster the sinks are per partition: where the output goes is part of what starts.
  const sinks = sinksOf(handle.job, 0);
  log.info({ job: job.name, group: job.group, partitions: job.partitions.length, held, owner, redis: endpoint.redacted, cluster: handle.cluster, sinks, drain: !!opts.drain }, 'job started');

  const releaseSignals = stopOnSignals(log, () => handle.stop(), {
    stopping: 'stopping: finishing in-flight batches',
    secondSignal: 'second signal: exiting without waiting for in-flight commits (they stay pending and are re-read)',
  });

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
    if (summary.forcedStop) log.warn({ job: job.name }, 'partitions did not stop in time: threads terminated, leases released; uncommitted batches will be read again');
    log.info({ job: job.name, ...summary }, 'job finished');
    if (undrained.length > 0) {
      const which = undrained.map((u) => `${job.partitions[u.partition]} (held by ${u.holder ?? 'nobody any more'})`).join(', ');
      throw new Error(`--drain: ${undrained.length} of ${job.partitions.length} partitions were not drained: ${which}; stop the processes holding them, or drain again once they are gone`);
    }
  } finally {
    if (timer) clearInterval(timer);
    await metrics?.close();
    releaseSignals();
  }
}
