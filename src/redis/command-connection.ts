import { Redis } from 'ioredis';
import { defineScripts, type ScriptedRedis } from './lua-scripts.js';
import type { RedisEndpoint } from './redis-url.js';
import { tlsOptions } from './redis-tls.js';

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
 * An ioredis connection for commands (commits, groups, control plane). Commands in flight when the
 * connection drops are resent once it is back: every command eddy sends is safe to repeat — reads,
 * lease scripts (a renewal, release or re-take of one's own lease again), and commits, which the
 * script's sequence check decides (a commit applied before the drop is refused the second time
 * with the checkpoint's seq past its own, and CommitRetry reads that as "applied"). Not resending
 * is worse: ioredis then drops such a command without settling it when the reconnect succeeds at
 * once, and a renewal or a commit would wait forever. Commands sent while Redis is unreachable
 * fail after a reconnect attempt or two (maxRetriesPerRequest), and their callers retry.
 */
export function commandConnection(endpoint: RedisEndpoint, name: string): ScriptedRedis {
  const redis = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    db: endpoint.db,
    connectionName: name,
    autoResendUnfulfilledCommands: true,
    maxRetriesPerRequest: 1,
    socketTimeout: COMMAND_REPLY_TIMEOUT_MS,
    connectTimeout: COMMAND_CONNECT_TIMEOUT_MS,
    // Probes an idle connection, so a dead one is found before the next command has to find it.
    keepAlive: COMMAND_REPLY_TIMEOUT_MS,
    enableAutoPipelining: false,
    lazyConnect: false,
    ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
    ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
    ...(endpoint.tls ? { tls: tlsOptions(endpoint) } : {}),
  });
  // Errors surface through the commands that fail; without a listener ioredis would print them.
  redis.on('error', () => {});
  defineScripts(redis);
  return redis as ScriptedRedis;
}
