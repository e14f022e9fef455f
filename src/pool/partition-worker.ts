// Runs inside a worker thread (piscina's filename): wiring only. The thread's partitions are started
// and stopped by the control plane's messages (WorkerPartitions); imports the protocol and the
// pipeline, never the control plane.

import { commandConnection } from '../redis/command-connection.js';
import { parseRedisUrl } from '../redis/redis-url.js';
import { WorkerPartitions } from './worker-partitions.js';
import type { ControlMessage, WorkerOutcome, WorkerTask } from './worker-protocol.js';

export default async function runPartitions(task: WorkerTask): Promise<WorkerOutcome> {
  const endpoint = parseRedisUrl(task.redisUrl, task.redisConnect);
  const committer = commandConnection(endpoint, `eddy:${task.job.name}:commit`);
  const partitions = new WorkerPartitions(task, endpoint, committer);
  task.port.on('message', (m: ControlMessage) => partitions.handle(m));
  try {
    await partitions.finished;
  } finally {
    task.port.close();
    committer.disconnect();
  }
  return { runs: partitions.started };
}
