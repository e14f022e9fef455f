// One private redis-server per test file: a free loopback port, a temporary directory, stopped in
// afterAll. Tests never see another Redis: the developer's own (usually on 6379) is refused outright.

import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { startThrowawayRedis, type ThrowawayRedis } from '../../src/redis/throwaway-server.js';

/** The port a developer's own Redis listens on; no test may talk to it. */
const FOREIGN_PORT = 6379;

export interface TestRedis {
  /** `redis://127.0.0.1:<port>` of this file's server. */
  readonly url: string;
  readonly port: number;
  /** A shared ioredis client on this file's server (closed in afterAll). */
  readonly redis: Redis;
  /** FLUSHALL on this file's own server, so every test starts from an empty database. */
  reset(): Promise<void>;
}

/**
 * Starts a throwaway redis-server for the calling test file (beforeAll) and stops it (afterAll).
 * The returned object's fields are valid inside tests and hooks, not at module load.
 */
export function useRedisServer(): TestRedis {
  let server: ThrowawayRedis | undefined;
  let client: Redis | undefined;
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the test Redis is only available inside tests (useRedisServer() starts it in beforeAll)');
    return v;
  };

  beforeAll(async () => {
    server = await startThrowawayRedis();
    if (server.port === FOREIGN_PORT) {
      await server.stop();
      throw new Error(`refusing to use port ${FOREIGN_PORT}: it belongs to the developer's own Redis`);
    }
    client = ownClient(server.port);
    await client.ping();
  });

  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  return {
    get url() {
      return need(server).url;
    },
    get port() {
      return need(server).port;
    },
    get redis() {
      return need(client);
    },
    async reset() {
      const c = need(client);
      if (need(server).port === FOREIGN_PORT) throw new Error(`refusing to flush port ${FOREIGN_PORT}`);
      await c.flushall();
    },
  };
}

/** An ioredis client on one of our own servers; never on the foreign port. */
export function ownClient(port: number): Redis {
  if (port === FOREIGN_PORT) throw new Error(`refusing to connect to port ${FOREIGN_PORT}: it belongs to the developer's own Redis`);
  const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, lazyConnect: false });
  redis.on('error', () => {});
  return redis;
}
