// The lease scripts (src/redis/lua/lease-*.lua, members-heartbeat-1.lua) against a real
// redis-server: who gets a partition, what a renewal or release by the wrong process does, and the
// fencing token that only ever grows. Short TTLs are waited out with a margin; the server's own
// expiry decides, not the test's clock.
//
//   A acquires ──▶ fence 1 ─ A renews ─ (A stops renewing) ── expired ── B acquires ──▶ fence 2
//                                                  A renews: refused, lease not re-created

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandConnection } from '../../src/redis/command-connection.js';
import { checkpointKey, leaseKey, membersKey } from '../../src/redis/keys.js';
import type { ScriptedRedis } from '../../src/redis/lua-scripts.js';
import { PartitionLeases } from '../../src/redis/partition-leases.js';
import { parseRedisUrl } from '../../src/redis/redis-url.js';
import { useRedisServer } from '../support/redis-server.js';

const server = useRedisServer();
const STREAMS = ['sensors:{sensors:0}', 'sensors:{sensors:1}'];
const LEASE = leaseKey('job', STREAMS[0]!);
const CHECKPOINT = checkpointKey('job', STREAMS[0]!);
let redis: ScriptedRedis;

beforeAll(() => {
  redis = commandConnection(parseRedisUrl(server.url), 'lease-script-test');
});
afterAll(() => redis.disconnect());
beforeEach(() => server.reset());

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const leases = (owner: string, ttlMs = 10_000): PartitionLeases => new PartitionLeases(redis, 'job', STREAMS, owner, ttlMs);

describe('acquire', () => {
  it('takes a free lease for the TTL and hands out fence 1', async () => {
    expect(await leases('a').acquire(0)).toEqual({ acquired: true, token: 1 });
    expect(await server.redis.get(LEASE)).toBe('a');
    const ttl = await server.redis.pttl(LEASE);
    expect(ttl).toBeGreaterThan(9000);
    expect(ttl).toBeLessThanOrEqual(10_000);
    expect(await server.redis.hget(CHECKPOINT, 'fence')).toBe('1');
  });

  it('is refused while another owner holds the lease, naming it; the fence does not move', async () => {
    await leases('a').acquire(0);
    const refused = await leases('b').acquire(0);
    expect(refused).toMatchObject({ acquired: false, holder: 'a' });
    expect(refused.acquired === false && refused.ttlMs > 0).toBe(true);
    expect(await server.redis.get(LEASE)).toBe('a');
    expect(await server.redis.hget(CHECKPOINT, 'fence')).toBe('1');
  });

  it('re-takes a lease the caller already holds as a new acquisition: the fence moves on', async () => {
    const a = leases('a');
    expect(await a.acquire(0)).toEqual({ acquired: true, token: 1 });
    expect(await a.acquire(0)).toEqual({ acquired: true, token: 2 });
    expect(await server.redis.get(LEASE)).toBe('a');
  });

  it('leaves the other fields of the checkpoint alone, and partitions apart', async () => {
    await server.redis.hset(CHECKPOINT, 'seq', '7', 'id', '5-0');
    await leases('a').acquire(0);
    expect(await server.redis.hgetall(CHECKPOINT)).toEqual({ seq: '7', id: '5-0', fence: '1' });
    expect(await leases('b').acquire(1)).toEqual({ acquired: true, token: 1 });
  });
});

describe('renew', () => {
  it('extends the holder’s lease', async () => {
    const a = leases('a', 1000);
    await a.acquire(0);
    await sleep(400);
    expect(await a.renew(0)).toEqual({ renewed: true });
    expect(await server.redis.pttl(LEASE)).toBeGreaterThan(800);
  });

  it('after expiry: refused, says nobody holds it, and does not re-create the lease', async () => {
    const a = leases('a', 50);
    await a.acquire(0);
    await sleep(150);
    expect(await a.renew(0)).toEqual({ renewed: false, holder: undefined });
    expect(await server.redis.exists(LEASE)).toBe(0);
  });

  it('after another owner took the expired lease: refused, naming the new holder, whose lease is untouched', async () => {
    const a = leases('a', 50);
    await a.acquire(0);
    await sleep(150);
    expect(await leases('b').acquire(0)).toEqual({ acquired: true, token: 2 });
    const ttlBefore = await server.redis.pttl(LEASE);
    expect(await a.renew(0)).toEqual({ renewed: false, holder: 'b' });
    expect(await server.redis.get(LEASE)).toBe('b');
    expect(await server.redis.pttl(LEASE)).toBeLessThanOrEqual(ttlBefore);
  });
});

describe('release', () => {
  it('of someone else’s lease is refused and changes nothing', async () => {
    await leases('a').acquire(0);
    expect(await leases('b').release(0)).toBe(false);
    expect(await server.redis.get(LEASE)).toBe('a');
  });

  it('of one’s own lease deletes it, so another process can acquire at once', async () => {
    const a = leases('a');
    await a.acquire(0);
    expect(await a.release(0)).toBe(true);
    expect(await server.redis.exists(LEASE)).toBe(0);
    expect(await leases('b').acquire(0)).toEqual({ acquired: true, token: 2 });
  });

  it('of an expired lease, or one never held, is refused', async () => {
    const a = leases('a', 50);
    expect(await a.release(0)).toBe(false);
    await a.acquire(0);
    await sleep(150);
    expect(await a.release(0)).toBe(false);
  });
});

describe('the fence', () => {
  it('strictly increases across owners, expiries and releases, and survives the lease key', async () => {
    const a = leases('a', 50);
    const b = leases('b', 50);
    const tokens: number[] = [];
    const take = async (l: PartitionLeases): Promise<void> => {
      const r = await l.acquire(0);
      if (!r.acquired) throw new Error(`expected to acquire, ${r.holder} holds it`);
      tokens.push(r.token);
    };
    await take(a);
    await sleep(150); // expired
    await take(b);
    await b.release(0);
    await take(a);
    await take(a); // re-take
    await a.release(0);
    await take(b);
    expect(tokens).toEqual([1, 2, 3, 4, 5]);
    await sleep(150);
    expect(await server.redis.exists(LEASE)).toBe(0);
    expect(await server.redis.hget(CHECKPOINT, 'fence')).toBe('5');
  });
});

describe('membership heartbeat', () => {
  it('lists the live members by id and forgets one whose heartbeat expired', async () => {
    expect(await leases('b', 50).heartbeat()).toEqual(['b']);
    expect(await leases('a', 10_000).heartbeat()).toEqual(['a', 'b']);
    await sleep(150);
    expect(await leases('c', 10_000).heartbeat()).toEqual(['a', 'c']);
    await leases('a').leave();
    expect(await server.redis.zrange(membersKey('job'), 0, -1)).toEqual(['c']);
  });

  it('can list the members without joining them', async () => {
    await leases('b').heartbeat();
    expect(await leases('a').liveMembers()).toEqual(['b']);
    expect(await server.redis.zrange(membersKey('job'), 0, -1)).toEqual(['b']);
  });
});
