import { Redis } from 'ioredis';
import { defineScripts, type ScriptedRedis } from './lua-scripts.js';
import type { RedisEndpoint } from './redis-url.js';
import { tlsOptions } from './redis-tls.js';

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
