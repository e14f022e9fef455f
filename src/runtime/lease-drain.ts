// When a draining process is done (`eddy run --drain`): every partition drained here, or nothing
// left it can take. Apart from the lease manager because it is a different ending from stop() with
// its own wait — a process that runs forever never asks it — and the manager only needs to know
// which partitions are drained and when to stop.

import type { PartitionLeases } from '../redis/partition-leases.js';
import type { LeaseEvent } from './lease-events.js';

/** A draining process gives up on partitions other processes hold after this many TTLs with nothing else to do. */
const DRAIN_WAIT_TTLS = 2;

/** The partitions drained so far, and the wait for the rest. */
export class LeaseDrain {
  /** Partitions that reached the end of input here: never acquired again. */
  readonly drained = new Set<number>();
  /** The partitions left undrained when the drain gave up on them. */
  undrained: number[] = [];
  private idleSince: number | undefined;

  constructor(
    private readonly leases: Pick<PartitionLeases, 'partitions' | 'holders'>,
    private readonly ttlMs: number,
  ) {}

  /** Whether every partition was drained here. */
  get complete(): boolean {
    return this.drained.size === this.leases.partitions;
  }

  /**
   * Draining ends when every partition was drained here, or when this process has had nothing to
   * run for DRAIN_WAIT_TTLS lease TTLs while the rest stayed held by others (live processes renew
   * forever; a dead one's leases would have expired by then). Calls `stop` when it ends.
   */
  async check(heldCount: number, onEvent: (e: LeaseEvent) => void, stop: () => void): Promise<void> {
    if (this.complete) {
      stop();
      return;
    }
    if (heldCount > 0) {
      this.idleSince = undefined;
      return;
    }
    const now = performance.now();
    this.idleSince ??= now;
    if (now - this.idleSince < DRAIN_WAIT_TTLS * this.ttlMs) return;
    const holders = await this.leases.holders().catch(() => [] as (string | undefined)[]);
    const left = Array.from({ length: this.leases.partitions }, (_, p) => p).filter((p) => !this.drained.has(p));
    this.undrained = left;
    onEvent({ type: 'undrained', partitions: left.map((p) => ({ partition: p, holder: holders[p] })) });
    stop();
  }
}
