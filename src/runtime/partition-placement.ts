/**
 * The worker thread a newly acquired partition goes to: the one running the fewest partitions, the
 * lowest index on a tie. Partitions arrive and leave one at a time while the job runs (leases), so
 * a static deal would drift; least-loaded keeps loads within one of each other as long as
 * partitions are only added, and never moves a running partition to even them out.
 */
export function leastLoadedWorker(loads: readonly number[]): number {
  if (loads.length === 0) throw new Error('no worker threads to place a partition on');
  let best = 0;
  for (let w = 1; w < loads.length; w++) if (loads[w]! < loads[best]!) best = w;
  return best;
}
