// Runs inside a worker thread (piscina's filename). Wires the pipeline for the worker's partitions;
// imports the protocol and the pipeline only, never the control plane.

import { commandConnection } from '../redis/command-connection.js';
import { parseRedisUrl } from '../redis/redis-url.js';
import { PartitionRunner } from '../pipeline/partition-runner.js';
import { partitionCounters, type ControlMessage, type WorkerOutcome, type WorkerTask } from './worker-protocol.js';

export default async function runPartitions(task: WorkerTask): Promise<WorkerOutcome> {
  const endpoint = parseRedisUrl(task.redisUrl);
  const committer = commandConnection(endpoint, `eddy:${task.job.name}:commit`);
  const runners = task.partitions.map(
    (partition) =>
      new PartitionRunner({
        job: task.job,
        partition,
        endpoint,
        committer,
        counters: partitionCounters(task.counters, partition),
        drain: task.drain,
      }),
  );
  task.control.on('message', (m: ControlMessage) => {
    if (m.type === 'stop') for (const r of runners) r.stop();
  });
  try {
    // One failing partition stops its siblings, so the worker reports the first error, not a hang.
    await Promise.all(
      runners.map((r) =>
        r.run().catch((e: unknown) => {
          for (const other of runners) other.stop();
          throw e;
        }),
      ),
    );
  } finally {
    task.control.close();
    committer.disconnect();
  }
  return { partitions: task.partitions };
}
