import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { checkpointKey, leaseKey, membersKey } from './keys.js';
import type { ScriptedRedis } from './lua-scripts.js';

/** What an acquisition attempt got: the lease and a fencing token, or the name of whoever holds it. */
export type Acquisition =
  | { readonly acquired: true; readonly token: number }
  | { readonly acquired: false; readonly holder: string; readonly ttlMs: number };

/** What a renewal found: still ours, or someone else's (`holder` undefined: it expired, nobody took it). */
export type Renewal = { readonly renewed: true } | { readonly renewed: false; readonly holder: string | undefined };

/** A process-unique owner id: `hostname-pid-random`, readable in `GET eddy:<job>:lease:{…}`. */
export function newOwnerId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * One process's side of a job's partition leases and membership, over the lease scripts
 * (src/redis/lua/lease-*.lua, members-heartbeat-1.lua). Every call is one round trip and safe to
 * repeat; deciding what to acquire or give up is the lease manager's job, not this class's.
 */
export class PartitionLeases {
  private readonly leaseKeys: readonly string[];
  private readonly checkpointKeys: readonly string[];
  private readonly members: string;

  constructor(
    private readonly redis: ScriptedRedis,
    job: string,
    streams: readonly string[],
    /** This process's owner id (newOwnerId()). */
    readonly owner: string,
    /** Lease time-to-live, ms. */
    readonly ttlMs: number,
  ) {
    this.leaseKeys = streams.map((s) => leaseKey(job, s));
    this.checkpointKeys = streams.map((s) => checkpointKey(job, s));
    this.members = membersKey(job);
  }

  get partitions(): number {
    return this.leaseKeys.length;
  }

  /** SET NX PX, or a re-take of our own lease; a success moves the partition's fence (the new token). */
  async acquire(partition: number): Promise<Acquisition> {
    const r = await this.redis.leaseAcquire(this.leaseKeys[partition]!, this.checkpointKeys[partition]!, this.owner, this.ttlMs);
    return r[0] === 1 ? { acquired: true, token: r[1] } : { acquired: false, holder: r[1], ttlMs: r[2] };
  }

  /** PEXPIRE if the lease is still ours. */
  async renew(partition: number): Promise<Renewal> {
    const r = await this.redis.leaseRenew(this.leaseKeys[partition]!, this.owner, this.ttlMs);
    return r[0] === 1 ? { renewed: true } : { renewed: false, holder: r[1] === '' ? undefined : r[1] };
  }

  /** DEL if the lease is ours; false when it was not (expired, or someone else's). */
  async release(partition: number): Promise<boolean> {
    return (await this.redis.leaseRelease(this.leaseKeys[partition]!, this.owner)) === 1;
  }

  /**
   * Who holds each partition now (undefined: free). One GET per lease, sent together — not MGET,
   * and not one pipeline: the keys live in different cluster slots, on different nodes.
   */
  async holders(): Promise<(string | undefined)[]> {
    return Promise.all(this.leaseKeys.map(async (k) => (await this.redis.get(k)) ?? undefined));
  }

  /** Marks this process alive for one TTL and returns the live members, sorted by id. */
  async heartbeat(): Promise<string[]> {
    return [...(await this.redis.membersHeartbeat(this.members, this.owner, this.ttlMs, '1'))].sort();
  }

  /** The live members, sorted by id, without a heartbeat of our own. */
  async liveMembers(): Promise<string[]> {
    return [...(await this.redis.membersHeartbeat(this.members, this.owner, this.ttlMs, '0'))].sort();
  }

  /** Leaves the membership at once, so the others' fair shares grow without waiting for our heartbeat to expire. */
  async leave(): Promise<void> {
    await this.redis.zrem(this.members, this.owner);
  }
}
