// The lease scripts' rules over plain memory and Date.now(), for testing the lease manager's
// decisions without Redis (the scripts themselves are tested against a real server). One
// MemoryLeaseRedis is "the server"; each process gets its own MemoryLeaseStore on it.

import type { Acquisition, Renewal } from '../../src/redis/partition-leases.js';
import type { LeaseStore } from '../../src/runtime/lease-manager.js';

export class MemoryLeaseRedis {
  readonly leases: ({ owner: string; until: number } | undefined)[];
  readonly fences: number[];
  readonly members = new Map<string, number>();
  /** While true, every call fails as if Redis were unreachable. */
  down = false;
  /** While true, no call ever answers, as across a silent network partition (packets dropped, no error). */
  silent = false;

  constructor(readonly partitions: number) {
    this.leases = Array.from({ length: partitions }, () => undefined);
    this.fences = Array.from({ length: partitions }, () => 0);
  }

  holder(p: number): string | undefined {
    const l = this.leases[p];
    if (l && l.until <= Date.now()) this.leases[p] = undefined;
    return this.leases[p]?.owner;
  }

  /** Another process takes the lease (as after an expiry), moving the fence. */
  steal(p: number, owner: string, ttlMs = 60_000): void {
    this.leases[p] = { owner, until: Date.now() + ttlMs };
    this.fences[p]!++;
  }
}

export class MemoryLeaseStore implements LeaseStore {
  readonly released: number[] = [];

  constructor(
    private readonly server: MemoryLeaseRedis,
    readonly owner: string,
    readonly ttlMs: number,
  ) {}

  get partitions(): number {
    return this.server.partitions;
  }

  private up(): void {
    if (this.server.down) throw new Error('connection refused');
  }

  /** Never settles while the server is silent. */
  private async answer(): Promise<void> {
    if (this.server.silent) await new Promise<never>(() => {});
  }

  async acquire(p: number): Promise<Acquisition> {
    await this.answer();
    this.up();
    const h = this.server.holder(p);
    if (h !== undefined && h !== this.owner) return { acquired: false, holder: h, ttlMs: this.server.leases[p]!.until - Date.now() };
    this.server.leases[p] = { owner: this.owner, until: Date.now() + this.ttlMs };
    return { acquired: true, token: ++this.server.fences[p]! };
  }

  async renew(p: number): Promise<Renewal> {
    await this.answer();
    this.up();
    const h = this.server.holder(p);
    if (h !== this.owner) return { renewed: false, holder: h };
    this.server.leases[p]!.until = Date.now() + this.ttlMs;
    return { renewed: true };
  }

  async release(p: number): Promise<boolean> {
    this.up();
    if (this.server.holder(p) !== this.owner) return false;
    this.server.leases[p] = undefined;
    this.released.push(p);
    return true;
  }

  async holders(): Promise<(string | undefined)[]> {
    await this.answer();
    this.up();
    return Array.from({ length: this.server.partitions }, (_, p) => this.server.holder(p));
  }

  async heartbeat(): Promise<string[]> {
    await this.answer();
    this.up();
    this.server.members.set(this.owner, Date.now() + this.ttlMs);
    return this.liveMembers();
  }

  async liveMembers(): Promise<string[]> {
    await this.answer();
    this.up();
    for (const [m, until] of this.server.members) if (until <= Date.now()) this.server.members.delete(m);
    return [...this.server.members.keys()].sort();
  }

  async leave(): Promise<void> {
    this.up();
    this.server.members.delete(this.owner);
  }
}
