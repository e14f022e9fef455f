import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { defineScripts, type ScriptedRedis } from './lua-scripts.js';
import { parseRedisUrl, type RedisConnectOptions, type RedisEndpoint } from './redis-url.js';
import { connectFailure, tlsOptions } from './redis-tls.js';

/** A command connection to one Redis or to a Redis Cluster: the same commands either way. */
export type RedisClient = Redis | Cluster;

/**
 * How long a connection with commands in flight may go without receiving a byte before it is
 * presumed dead, destroyed and reconnected (ioredis `socketTimeout`). Without it, a half-open
 * connection — a network partition that drops packets without a reset — leaves a commit or a
 * renewal waiting until the kernel gives up retransmitting (tcp_retries2: about 15 minutes). Every
 * command eddy sends on these connections answers in milliseconds (none of them blocks; the reads
 * have their own sockets and watchdog), so 5 s only fires on a dead path or a Redis stalled for that
 * long, and then the reconnect and resend are as safe as after any dropped connection (below).
 */
export const COMMAND_REPLY_TIMEOUT_MS = 5000;

/**
 * How long one reconnect attempt may take. Across a silent partition a SYN is never answered, and
 * the kernel would retry it for about two minutes; with maxRetriesPerRequest 1 a command waiting
 * for the connection fails after two attempts, so a commit or a renewal stuck on a dead path fails
 * (and is retried, or given up by a stopping partition) within COMMAND_REPLY_TIMEOUT_MS plus about
 * twice this.
 */
export const COMMAND_CONNECT_TIMEOUT_MS = 2000;

/**
 * An ioredis connection for commands (commits, groups, control plane): to one Redis, or — when
 * `endpoint.cluster` — an ioredis Cluster, which routes each command and script by its first key
 * (every script's keys share one slot: src/redis/cluster-slots-check.ts) and follows MOVED/ASK and
 * failovers by itself.
 *
 * Commands in flight when the connection drops are resent once it is back: every command eddy sends
 * is safe to repeat — reads, lease scripts (a renewal, release or re-take of one's own lease again),
 * and commits, which the script's sequence check decides (a commit applied before the drop is
 * refused the second time with the checkpoint's seq past its own, and CommitRetry reads that as
 * "applied"). Not resending is worse: ioredis then drops such a command without settling it when
 * the reconnect succeeds at once, and a renewal or a commit would wait forever. Commands sent while
 * Redis is unreachable fail after a reconnect attempt or two (maxRetriesPerRequest; on a cluster,
 * after ioredis' retries on "connection closed" and CLUSTERDOWN run out), and their callers retry.
 */
export function commandConnection(endpoint: RedisEndpoint, name: string): ScriptedRedis {
  const options: RedisOptions = {
    connectionName: name,
    autoResendUnfulfilledCommands: true,
    maxRetriesPerRequest: 1,
    socketTimeout: COMMAND_REPLY_TIMEOUT_MS,
    connectTimeout: COMMAND_CONNECT_TIMEOUT_MS,
    // Probes an idle connection, so a dead one is found before the next command has to find it.
    keepAlive: COMMAND_REPLY_TIMEOUT_MS,
    enableAutoPipelining: false,
    ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
    ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
    ...(endpoint.tls ? { tls: tlsOptions(endpoint) } : {}),
  };
  const redis = endpoint.cluster
    ? new Cluster(endpoint.seeds.map((s) => ({ host: s.host, port: s.port })), {
        redisOptions: options,
        // Follow a failover for as long as a replica's promotion takes (node timeout + election),
        // rather than failing the command after 16 quick redirections.
        retryDelayOnFailover: 200,
        retryDelayOnClusterDown: 200,
        retryDelayOnTryAgain: 200,
        // Announced addresses are used as they are (no DNS), as TLS clusters behind a name need.
        dnsLookup: (address, callback) => callback(null, address),
      })
    : new Redis({ host: endpoint.host, port: endpoint.port, db: endpoint.db, lazyConnect: false, ...options });
  // Errors surface through the commands that fail; without a listener ioredis would print them.
  redis.on('error', () => {});
  defineScripts(redis);
  return redis as ScriptedRedis;
}

/**
 * Whether the URL's first reachable node belongs to a Redis Cluster (`INFO cluster`:
 * cluster_enabled:1). Asked once, by the control plane, before anything else connects.
 */
export async function isCluster(endpoint: RedisEndpoint): Promise<boolean> {
  let failure = '';
  for (const seed of endpoint.seeds) {
    const probe = commandConnection({ ...endpoint, host: seed.host, port: seed.port, cluster: false, db: 0 }, 'eddy:probe');
    let connectionError: Error | undefined;
    probe.on('error', (e: Error) => void (connectionError = e));
    try {
      return /^cluster_enabled:1\b/m.test(await probe.info('cluster'));
    } catch (e) {
      // The first URL's failure is the one named (as with a single node); every seed was tried.
      failure ||= connectFailure(endpoint, e as Error, connectionError);
    } finally {
      probe.disconnect();
    }
  }
  throw new Error(failure);
}

/**
 * What every command starts with: finds out whether `url` names a Redis Cluster (isCluster), opens
 * a command connection of that kind and checks that it answers (PING). An unreachable Redis fails
 * with connectFailure's message: the URL redacted, and what to check. `endpoint.cluster` says which
 * kind it is (the worker threads are told through it).
 */
export async function openCommandConnection(url: string, connect: RedisConnectOptions, name: string): Promise<{ readonly redis: ScriptedRedis; readonly endpoint: RedisEndpoint }> {
  const cluster = await isCluster(parseRedisUrl(url, connect));
  const endpoint = parseRedisUrl(url, { ...connect, cluster });
  const redis = commandConnection(endpoint, name);
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
  return { redis, endpoint };
}
