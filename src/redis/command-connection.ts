import { Redis } from 'ioredis';
import { defineScripts, type ScriptedRedis } from './lua-scripts.js';
import type { RedisEndpoint } from './redis-url.js';

/**
 * An ioredis connection for commands (commits, groups, control plane). Unfulfilled commands are not
 * resent after a reconnect: a commit whose reply was lost must be decided by the commit script's
 * own idempotency check, never by blind repetition.
 */
export function commandConnection(endpoint: RedisEndpoint, name: string): ScriptedRedis {
  const redis = new Redis({
    host: endpoint.host,
    port: endpoint.port,
    db: endpoint.db,
    connectionName: name,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 1,
    enableAutoPipelining: false,
    lazyConnect: false,
    ...(endpoint.username !== undefined ? { username: endpoint.username } : {}),
    ...(endpoint.password !== undefined ? { password: endpoint.password } : {}),
    ...(endpoint.tls ? { tls: {} } : {}),
  });
  // Errors surface through the commands that fail; without a listener ioredis would print them.
  redis.on('error', () => {});
  defineScripts(redis);
  return redis as ScriptedRedis;
}
