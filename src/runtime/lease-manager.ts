import type { PartitionLeases } from '../redis/partition-leases.js';
import type { StopRequest, WorkerMessage } from '../pool/worker-protocol.js';
import { fairShare } from './fair-share.js';
import { LeaseDrain } from './lease-drain.js';
import type { LeaseEvent, LeaseOutcome, LeaseStats, LossReason } from './lease-events.js';
import { LeaseRenewal, type Held } from './lease-renewal.js';

/** The lease operations the manager needs (PartitionLeases over Redis; an in-memory one in tests). */
export type LeaseStore = Pick<PartitionLeases, 'owner' | 'ttlMs' | 'partitions' | 'acquire' | 'renew' | 'release' | 'holders' | 'heartbeat' | 'liveMembers' | 'leave'>;

/** Where the lease manager runs the partitions it holds (the worker threads). */
export interface PartitionHost {
  start(partition: number, token: number): void;
  stop(partition: number, why: StopRequest): void;
  /** Stop every partition, committing what is in flight; each reports 'stopped' as usual. */
  shutdown(): void;
}

export interface LeaseManagerOptions {
  readonly leases: LeaseStore;
  readonly host: PartitionHost;
  /** Take every partition it can (not a fair share), finish when each one it held reached the end of input. */
  readonly drain: boolean;
  readonly onEvent: (e: LeaseEvent) => void;
}

/** How long abandon() waits for its releases: Redis may be what is stuck. */
const RELEASE_WAIT_MS = 500;

/**
 * The control plane's side of partition leases. Every third of the TTL it renews the leases it holds
 * and heartbeats its membership. Every poll (a tenth of the TTL, between 100 ms and 1 s) it reads
 * the live members and moves towards its fair share of the partitions: it acquires free ones up to
 * its share, and stops and releases the extras (after their in-flight batches are committed) when
 * it holds more. So a partition another process gives up, or a member joining or leaving, is acted
 * on within one poll.
 *
 * When a renewal fails, or never comes back, the partition is stopped, counted and reported as
 * lost: the rule is in lease-renewal.ts. When a drain ends: lease-drain.ts.
 *
 * Safety never depends on any of this being timely: the commit script refuses every commit whose
 * lease or fencing token is not current. The manager is about liveness — taking over quickly and
 * not wasting work on partitions that are gone.
 */
export class LeaseManager {
  private readonly held = new Map<number, Held>();
  private readonly renewal: LeaseRenewal;
  private readonly drainState: LeaseDrain;
  private readonly releases = new Set<Promise<void>>();
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private readonly pollEveryMs: number;
  private readonly firstCandidate: number;
  private share = 0;
  private lastShareEvent = '';
  private isStopping = false;
  private ended = false;
  private failure: string | undefined;
  private renewedAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private acquiredCount = 0;
  private lostCount = 0;
  private settle!: (o: LeaseOutcome) => void;
  private began!: () => void;
  /** Settles once stop() (or the end of a drain, or a partition error) has stopped every partition and released its lease. */
  readonly finished: Promise<LeaseOutcome>;
  /** Settles when stopping begins, whatever began it. */
  readonly stopping: Promise<void>;

  constructor(private readonly o: LeaseManagerOptions) {
    this.ttlMs = o.leases.ttlMs;
    this.renewEveryMs = Math.floor(this.ttlMs / 3);
    this.pollEveryMs = Math.min(1000, Math.max(100, Math.floor(this.ttlMs / 10)));
    // Processes start their search at different partitions, so they rarely race for the same one.
    this.firstCandidate = stringHash(o.leases.owner) % Math.max(1, o.leases.partitions);
    this.renewal = new LeaseRenewal({
      leases: o.leases,
      held: this.held,
      ttlMs: this.ttlMs,
      renewEveryMs: this.renewEveryMs,
      pollEveryMs: this.pollEveryMs,
      lose: (p, h, reason, holder, detail) => this.lose(p, h, reason, holder, detail),
      redisError: (during, e) => this.redisError(during, e),
    });
    this.drainState = new LeaseDrain(o.leases, this.ttlMs);
    this.finished = new Promise((resolve) => (this.settle = resolve));
    this.stopping = new Promise((resolve) => (this.began = resolve));
  }

  /** Runs the first round (so partitions free now are held when this resolves), then keeps going until stopped. */
  async start(): Promise<void> {
    this.renewal.watch();
    await this.round().catch((e: unknown) => this.redisError('the first lease round', e));
    this.schedule();
  }

  /** Stops the job with an error (a worker thread died). */
  fail(detail: string): void {
    this.failure ??= detail;
    this.stop();
  }

  /** Stop every partition, commit what is in flight, release every lease, leave the membership. Safe to call more than once. */
  stop(): void {
    if (this.isStopping) return;
    this.isStopping = true;
    this.began();
    this.o.leases.leave().catch((e: unknown) => this.redisError('leaving the membership', e));
    for (const h of this.held.values()) {
      if (h.state === 'running') {
        h.state = 'releasing';
        h.releaseWhy = 'stop';
      }
    }
    this.o.host.shutdown();
    this.settleIfDone();
  }

  /**
   * Gives up waiting for partitions to stop (stop() took too long): releases every lease still held,
   * waiting at most RELEASE_WAIT_MS for Redis (leases not released expire by their TTL). Safe even
   * while a commit is still on its way, thanks to fencing: it is applied whole if it reaches Redis
   * before the release, and refused after it.
   */
  async abandon(): Promise<void> {
    this.isStopping = true;
    const left = [...this.held.keys()];
    this.held.clear();
    this.releases.clear();
    const releases = Promise.all(left.map((p) => this.o.leases.release(p).catch(() => false)));
    await Promise.race([releases, new Promise((resolve) => setTimeout(resolve, RELEASE_WAIT_MS).unref())]);
    this.settleIfDone();
  }

  /** A worker reports that a partition stopped. */
  partitionStopped(m: WorkerMessage): void {
    const h = this.held.get(m.partition);
    if (!h || h.token !== m.token) return;
    this.held.delete(m.partition);
    if (m.reason === 'error') {
      h.releaseWhy = 'error';
      this.fail(m.detail ?? `partition ${m.partition} failed`);
    } else if (m.reason === 'fenced' && h.state !== 'lost') {
      h.releaseWhy = 'lost';
      this.lostCount++;
      this.o.onEvent({ type: 'lost', partition: m.partition, reason: 'fenced', ...(m.detail !== undefined ? { detail: m.detail } : {}) });
    } else if (m.reason === 'drained') {
      this.drainState.drained.add(m.partition);
      h.releaseWhy = 'drained';
    }
    // Released whatever the reason: the script deletes the lease only if it is still ours, and a
    // successor then starts at once instead of waiting out the TTL.
    const why = h.releaseWhy;
    const release = this.o.leases.release(m.partition).then(
      (released) => {
        if (released) this.o.onEvent({ type: 'released', partition: m.partition, why });
      },
      (e: unknown) => this.redisError(`releasing partition ${m.partition}`, e),
    );
    this.releases.add(release);
    void release.finally(() => {
      this.releases.delete(release);
      this.settleIfDone();
    });
    // After the release is tracked: stopping with nothing held and no release in flight settles
    // `finished`, and the last lease must not be released after the job reports it is done.
    if (m.reason === 'drained' && this.drainState.complete) this.stop();
  }

  stats(): LeaseStats {
    const held = [...this.held].filter(([, h]) => h.state === 'running').map(([p]) => p);
    return { owner: this.o.leases.owner, held: held.sort((a, b) => a - b), acquired: this.acquiredCount, lost: this.lostCount };
  }

  private schedule(): void {
    if (this.ended) return;
    this.timer = setTimeout(() => {
      this.round()
        .catch((e: unknown) => this.redisError('the lease round', e))
        .finally(() => this.schedule());
    }, this.pollEveryMs);
  }

  /** One poll: renew (when due), heartbeat, move towards the fair share; while stopping, only renew. */
  private async round(): Promise<void> {
    const now = performance.now();
    // Heartbeats go with renewals, so a member that stops is forgotten when its leases expire, not later.
    const beat = now - this.renewedAt >= this.renewEveryMs - this.pollEveryMs / 2;
    if (beat) {
      this.renewedAt = now;
      await this.renewal.renewAll();
    }
    if (this.isStopping) return;
    let members: string[];
    try {
      members = await (beat ? this.o.leases.heartbeat() : this.o.leases.liveMembers());
    } catch (e) {
      this.redisError('the membership heartbeat', e);
      return;
    }
    if (this.isStopping) return;
    const partitions = this.o.leases.partitions;
    this.share = this.o.drain ? partitions - this.drainState.drained.size : fairShare(partitions, members, this.o.leases.owner);
    const shareEvent = `${members.length}/${this.share}`;
    if (shareEvent !== this.lastShareEvent) {
      this.lastShareEvent = shareEvent;
      this.o.onEvent({ type: 'share', members: members.length, share: this.share });
    }
    const running = this.running();
    if (running.length > this.share) this.releaseExtras(running, running.length - this.share);
    else if (running.length < this.share) await this.acquire(this.share - running.length);
    if (this.o.drain && !this.isStopping) await this.drainState.check(this.held.size, this.o.onEvent, () => this.stop());
  }

  /** What losing a lease means here: counted, reported, its partition stopped at once. */
  private lose(partition: number, h: Held, reason: LossReason, holder?: string, detail?: string): void {
    if (h.state === 'lost') return;
    h.state = 'lost';
    h.releaseWhy = 'lost';
    this.lostCount++;
    this.o.onEvent({ type: 'lost', partition, reason, ...(holder !== undefined ? { holder } : {}), ...(detail !== undefined ? { detail } : {}) });
    this.o.host.stop(partition, 'lease-lost');
  }

  /** Gives up the highest-numbered partitions; each lease is released once its last batch is committed. */
  private releaseExtras(running: readonly number[], count: number): void {
    for (const p of [...running].sort((a, b) => b - a).slice(0, count)) {
      const h = this.held.get(p)!;
      h.state = 'releasing';
      h.releaseWhy = 'share';
      this.o.host.stop(p, 'release');
    }
  }

  /** Acquires up to `wanted` partitions that look free, one at a time (so never more than wanted). */
  private async acquire(wanted: number): Promise<void> {
    const holders = await this.o.leases.holders();
    const partitions = this.o.leases.partitions;
    for (let i = 0; i < partitions && wanted > 0; i++) {
      const p = (this.firstCandidate + i) % partitions;
      if (this.held.has(p) || this.drainState.drained.has(p) || holders[p] !== undefined) continue;
      const sentAt = performance.now();
      const a = await this.o.leases.acquire(p);
      if (!a.acquired) continue;
      if (this.isStopping) {
        await this.o.leases.release(p);
        return;
      }
      this.held.set(p, { state: 'running', token: a.token, validUntil: sentAt + this.ttlMs, releaseWhy: 'share' });
      this.acquiredCount++;
      wanted--;
      this.o.onEvent({ type: 'acquired', partition: p, token: a.token });
      this.o.host.start(p, a.token);
    }
  }

  private running(): number[] {
    return [...this.held].filter(([, h]) => h.state === 'running').map(([p]) => p);
  }

  private settleIfDone(): void {
    if (this.ended || !this.isStopping || this.held.size > 0 || this.releases.size > 0) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.renewal.unwatch();
    this.settle({ failure: this.failure, undrained: this.drainState.undrained });
  }

  private redisError(during: string, e: unknown): void {
    // After the end, only calls cut off by the connection closing fail: nothing to report.
    if (this.ended) return;
    this.o.onEvent({ type: 'redis-error', during, detail: e instanceof Error ? e.message : String(e) });
  }
}

/** FNV-1a of a string: a cheap, stable spread of owner ids over partitions. */
function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
