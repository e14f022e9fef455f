// The lease manager's decisions, over an in-memory lease store (the scripts' own rules are tested
// against Redis elsewhere) and a host that records what it is told and stops partitions when asked:
// which partitions it starts and gives up, when a lease is released, and what a failed renewal does.
// Waits poll for the outcome; no assertion depends on how fast it comes.

import { afterEach, describe, expect, it } from 'vitest';
import type { StopRequest, WorkerMessage } from '../../src/pool/worker-protocol.js';
import type { LeaseEvent } from '../../src/runtime/lease-events.js';
import { LeaseManager, type PartitionHost } from '../../src/runtime/lease-manager.js';
import { MemoryLeaseRedis, MemoryLeaseStore } from '../support/memory-lease-store.js';
import { eventually } from '../support/stream-io.js';

const TTL = 1000;

/** Runs partitions "instantly"; a stop is acknowledged after `stopDelayMs`, as a worker does after its last commit. */
class RecordingHost implements PartitionHost {
  readonly running = new Map<number, number>();
  readonly stops: { partition: number; why: StopRequest }[] = [];
  manager: LeaseManager | undefined;
  constructor(private readonly stopDelayMs = 0) {}
  start(partition: number, token: number): void {
    this.running.set(partition, token);
  }
  stop(partition: number, why: StopRequest): void {
    this.stops.push({ partition, why });
    const token = this.running.get(partition);
    if (token === undefined) return;
    setTimeout(() => {
      this.running.delete(partition);
      const m: WorkerMessage = { type: 'stopped', partition, token, reason: why === 'release' ? 'released' : 'lease-lost' };
      this.manager?.partitionStopped(m);
    }, this.stopDelayMs);
  }
  shutdown(): void {
    for (const p of [...this.running.keys()]) this.stop(p, 'release');
  }
}

const managers: LeaseManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) {
    m.stop();
    await m.abandon();
  }
});

function process(server: MemoryLeaseRedis, owner: string, options: { drain?: boolean; stopDelayMs?: number; ttlMs?: number } = {}) {
  const leases = new MemoryLeaseStore(server, owner, options.ttlMs ?? TTL);
  const host = new RecordingHost(options.stopDelayMs ?? 0);
  const events: LeaseEvent[] = [];
  const manager = new LeaseManager({ leases, host, drain: options.drain ?? false, onEvent: (e) => events.push(e) });
  host.manager = manager;
  managers.push(manager);
  return { leases, host, events, manager };
}

describe('the lease manager', () => {
  it('alone, holds every partition with its token; a joining process gets its share, released only after the partitions stopped', async () => {
    const server = new MemoryLeaseRedis(4);
    const a = process(server, 'a', { stopDelayMs: 150 });
    await a.manager.start();
    expect([...a.host.running.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect([...a.host.running.values()]).toEqual([1, 1, 1, 1]);

    const b = process(server, 'b');
    await b.manager.start();
    await eventually('A to give two partitions up', async () => (a.host.stops.length === 2 || undefined));
    const given = a.host.stops.map((s) => s.partition).sort();
    expect(a.host.stops.every((s) => s.why === 'release')).toBe(true);
    // Still A's while its runners commit what they have in flight.
    expect(given.map((p) => server.holder(p))).toEqual(['a', 'a']);
    await eventually('B to run them', async () => ([...b.host.running.keys()].sort().join() === given.join() || undefined));
    expect([...b.host.running.values()]).toEqual([2, 2]);
    expect(a.leases.released.sort()).toEqual(given);
    expect(a.host.running.size).toBe(2);
  });

  it('stops a partition at once, as lost, when a renewal finds its lease taken; nothing is released', async () => {
    const server = new MemoryLeaseRedis(2);
    const a = process(server, 'a');
    await a.manager.start();
    server.steal(1, 'zz');
    await eventually('the loss to be noticed', async () => (a.host.stops.length > 0 || undefined));
    expect(a.host.stops).toEqual([{ partition: 1, why: 'lease-lost' }]);
    expect(a.events).toContainEqual({ type: 'lost', partition: 1, reason: 'taken', holder: 'zz' });
    expect(server.holder(1)).toBe('zz');
    expect(a.manager.stats()).toMatchObject({ held: [0], lost: 1 });
  });

  it('keeps partitions through failed renewals while their leases are certainly valid, and stops them before they could expire', async () => {
    const server = new MemoryLeaseRedis(1);
    const a = process(server, 'a');
    await a.manager.start();
    server.down = true;
    await eventually('the partition to be given up', async () => (a.host.stops.length > 0 || undefined));
    const leaseLeftMs = server.leases[0]!.until - Date.now();
    expect(a.host.stops).toEqual([{ partition: 0, why: 'lease-lost' }]);
    const kinds = a.events.map((e) => (e.type === 'lost' ? `lost:${e.reason}` : e.type));
    // At least one renewal failed and was retried before the partition was given up, as unrenewable.
    expect(kinds.indexOf('redis-error')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('redis-error')).toBeLessThan(kinds.indexOf('lost:unrenewable'));
    expect(leaseLeftMs, 'the partition ran past its lease').toBeGreaterThan(0);
  });

  it('stops a partition before its lease could expire when renewals never answer (a silent network partition)', { timeout: 30_000 }, async () => {
    const server = new MemoryLeaseRedis(1);
    // The default 10 s TTL, so the margin the manager keeps (one poll: 1 s) is the production one; at
    // 1 s TTL it is 100 ms, which a loaded test machine's event-loop lag can eat.
    const a = process(server, 'a', { ttlMs: 10_000 });
    await a.manager.start();
    server.silent = true;
    // Renewals no longer answer, so the lease ends where the last answered one put it.
    const expiresAt = server.leases[0]!.until;
    while (a.host.stops.length === 0) await new Promise((r) => setTimeout(r, 10));
    const leaseLeftMs = expiresAt - Date.now();
    expect(a.host.stops).toEqual([{ partition: 0, why: 'lease-lost' }]);
    expect(a.events.filter((e) => e.type === 'lost')).toMatchObject([{ type: 'lost', partition: 0, reason: 'unrenewable' }]);
    expect(leaseLeftMs, 'the partition ran past its lease').toBeGreaterThan(0);
  });

  it('a partition fenced in its worker counts as lost, and is acquired again under a new token once free', async () => {
    const server = new MemoryLeaseRedis(1);
    const a = process(server, 'a');
    await a.manager.start();
    a.host.running.delete(0);
    server.leases[0] = undefined; // expired, and someone moved the fence meanwhile
    server.fences[0] = 5;
    a.manager.partitionStopped({ type: 'stopped', partition: 0, token: 1, reason: 'fenced', detail: 'refused' });
    expect(a.events).toContainEqual({ type: 'lost', partition: 0, reason: 'fenced', detail: 'refused' });
    await eventually('the partition to run again', async () => (a.host.running.get(0) ?? undefined));
    expect(a.host.running.get(0)).toBe(6);
  });

  it('draining: takes what is free, finishes when each partition it held is drained, and names those others kept', async () => {
    const server = new MemoryLeaseRedis(3);
    server.leases[2] = { owner: 'other', until: Date.now() + 60_000 };
    const d = process(server, 'd', { drain: true });
    await d.manager.start();
    expect([...d.host.running.keys()].sort()).toEqual([0, 1]);
    for (const p of [0, 1]) {
      d.host.running.delete(p);
      d.manager.partitionStopped({ type: 'stopped', partition: p, token: 1, reason: 'drained' });
    }
    const outcome = await d.manager.finished;
    expect(outcome).toEqual({ failure: undefined, undrained: [2] });
    expect(d.events).toContainEqual({ type: 'undrained', partitions: [{ partition: 2, holder: 'other' }] });
    expect(d.leases.released.sort()).toEqual([0, 1]);
  });

  it('stop: every partition stops, every lease is released, the process leaves the membership', async () => {
    const server = new MemoryLeaseRedis(3);
    const a = process(server, 'a', { stopDelayMs: 50 });
    await a.manager.start();
    a.manager.stop();
    const outcome = await a.manager.finished;
    expect(outcome).toEqual({ failure: undefined, undrained: [] });
    expect(a.leases.released.sort()).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((p) => server.holder(p))).toEqual([undefined, undefined, undefined]);
    expect(server.members.has('a')).toBe(false);
  });
});
