import type { RedisClient } from './command-connection.js';
import type { RedisSeed } from './redis-url.js';

/** How long one look-up of the slot table may take before the reader tries again. */
const LOOKUP_TIMEOUT_MS = 2000;

/**
 * Finds the master serving `slot` now, for a partition's bare read socket: CLUSTER SLOTS asked
 * through the cluster client (which sends it to a node it can reach), not its cached slot map — after
 * a failover the cache may still name the dead master until ioredis refreshes it. During a failover
 * the surviving nodes still name the dead master until its replica is promoted; the reader's
 * connection attempts then fail and it asks again, with backoff (StreamReader.connect).
 */
export async function slotMaster(client: RedisClient, slot: number, fallbackHost: string): Promise<RedisSeed> {
  const rows = await Promise.race([
    client.cluster('SLOTS'),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`CLUSTER SLOTS not answered within ${LOOKUP_TIMEOUT_MS} ms`)), LOOKUP_TIMEOUT_MS).unref()),
  ]);
  const master = rows.find(([from, to]) => slot >= from && slot <= to)?.[2];
  if (!master) throw new Error(`no master serves slot ${slot} (the cluster is down or being resharded)`);
  const [host, port] = master;
  // An empty host means "the address you reached me at"; eddy then uses the URL's host.
  return { host: host === '' || host === '?' ? fallbackHost : host, port };
}
