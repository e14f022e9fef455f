// Keeping the held leases valid: the renewals sent every third of the TTL, and the watchdog that
// stops a partition whose renewals stopped being answered. Apart from the lease manager because it
// is the one part whose timing matters for liveness — when a lease must be presumed lost — while
// the manager decides which partitions to hold; what losing one means (counting, reporting,
// stopping it) stays with the manager.
//
// The rule when a renewal fails: if it finds the lease someone else's, or expired, the partition is
// lost at once (its commits would be refused anyway). If the renewal errors (Redis unreachable), the
// partition keeps running while its lease is certainly still valid, and is lost once it could
// expire before the next renewal. A renewal that never comes back (a silent network partition: no
// error, no reply until the connection's own bound) is caught by a timer apart from the rounds: a
// partition whose last answered renewal was sent more than TTL minus two polls ago is lost as
// unrenewable, at least one poll before its lease could expire.

import type { PartitionLeases } from '../redis/partition-leases.js';
import type { LossReason, ReleaseWhy } from './lease-events.js';

export type HeldState =
  /** Running under its lease; counts towards the share; renewed. */
  | 'running'
  /** Told to stop and commit what is in flight, then its lease is released; still renewed. */
  | 'releasing'
  /** The lease is gone (or about to be): told to stop at once; not renewed. */
  | 'lost';

/** A partition this process holds the lease of. */
export interface Held {
  state: HeldState;
  readonly token: number;
  /** performance.now() by which the lease may have expired: when the last successful renewal was sent, plus the TTL. */
  validUntil: number;
  releaseWhy: ReleaseWhy;
}

export interface LeaseRenewalOptions {
  readonly leases: Pick<PartitionLeases, 'renew'>;
  /** The manager's held partitions, read (and their validity updated) here, never added or removed. */
  readonly held: ReadonlyMap<number, Held>;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  readonly pollEveryMs: number;
  /** The lease of `partition` is gone or may be: the manager stops it and reports why. */
  readonly lose: (partition: number, h: Held, reason: LossReason, holder?: string, detail?: string) => void;
  readonly redisError: (during: string, e: unknown) => void;
}

/** The renewals of the held leases and the watchdog on their answers. */
export class LeaseRenewal {
  private expiryTimer: NodeJS.Timeout | undefined;
  private expiryCheckedAt = 0;

  constructor(private readonly o: LeaseRenewalOptions) {}

  /** Starts the watchdog, apart from the rounds, which wait for Redis. */
  watch(): void {
    // A renewal that never comes back (a silent network partition drops packets; nothing errors)
    // must still stop its partition before the lease could expire.
    this.expiryCheckedAt = performance.now();
    this.expiryTimer = setInterval(() => this.loseExpiring(), this.o.pollEveryMs);
    this.expiryTimer.unref();
  }

  unwatch(): void {
    clearInterval(this.expiryTimer);
  }

  /** Renews every held lease not already lost; a renewal refused or erroring too close to expiry loses it. */
  async renewAll(): Promise<void> {
    const { held, ttlMs, renewEveryMs, pollEveryMs } = this.o;
    const renewing = [...held].filter(([, h]) => h.state !== 'lost');
    await Promise.all(
      renewing.map(async ([p, h]) => {
        const sentAt = performance.now();
        try {
          const r = await this.o.leases.renew(p);
          if (held.get(p) !== h || h.state === 'lost') return;
          if (r.renewed) h.validUntil = sentAt + ttlMs;
          else this.o.lose(p, h, r.holder === undefined ? 'expired' : 'taken', r.holder);
        } catch (e) {
          this.o.redisError(`renewing partition ${p}`, e);
          if (held.get(p) === h && performance.now() + renewEveryMs + pollEveryMs >= h.validUntil) {
            this.o.lose(p, h, 'unrenewable', undefined, (e as Error).message);
          }
        }
      }),
    );
  }

  /**
   * Stops, as unrenewable, every partition whose last answered renewal is so old that its lease
   * could expire within two polls: its renewals are stuck (or failed), and a successor may
   * acquire it from then on. A renewal answered later does not bring it back (it is released).
   * A tick that comes late — the process was paused (SIGSTOP, a long GC) or starved — first gives
   * the renewals sent on waking one poll to answer, so the loss is reported for what it is
   * ('taken', 'expired', 'fenced') rather than presumed.
   */
  private loseExpiring(): void {
    const { held, ttlMs, pollEveryMs } = this.o;
    const now = performance.now();
    const late = now - this.expiryCheckedAt > 2 * pollEveryMs;
    this.expiryCheckedAt = now;
    if (late) return;
    for (const [p, h] of held) {
      // Two polls ahead, not one: ticks fall at any phase of the lease, so the first tick inside a
      // one-poll margin can be a millisecond before expiry, and any event-loop lag then runs past it.
      // Inside two polls, the first tick leaves at least one poll of margin for lag.
      if (h.state !== 'lost' && now + 2 * pollEveryMs >= h.validUntil) {
        this.o.lose(p, h, 'unrenewable', undefined, `no renewal answered for ${Math.round(now - (h.validUntil - ttlMs))} ms; the lease could expire before the next one`);
      }
    }
  }
}
