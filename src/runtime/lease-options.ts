/** How a process holds its partitions' leases. */
export interface LeaseOptions {
  /**
   * Lease time-to-live, ms: how long after its last renewal a process that stopped renewing
   * (killed, paused, cut off) keeps its partitions before another process may take them over.
   * Renewals run every third of it. Shorter means faster takeover and more renewal traffic; a
   * process whose event loop stalls for longer than two thirds of it loses its partitions.
   * @default 10000
   */
  readonly leaseMs: number;
}

export const LEASE_DEFAULTS: LeaseOptions = { leaseMs: 10_000 };

/** Below this, ordinary pauses (GC, a busy machine) would cost leases between two renewals. */
export const MIN_LEASE_MS = 1000;

/** A lease option eddy refuses, with what to do instead. */
export class LeaseOptionError extends Error {
  override readonly name = 'LeaseOptionError';
}

export function validateLeaseMs(leaseMs: number): number {
  if (!Number.isInteger(leaseMs) || leaseMs < MIN_LEASE_MS) {
    throw new LeaseOptionError(
      `--lease-ms / EDDY_LEASE_MS must be an integer of at least ${MIN_LEASE_MS} ms (got ${leaseMs}): a shorter lease can expire between two renewals`,
    );
  }
  return leaseMs;
}
