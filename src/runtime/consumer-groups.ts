import type { Redis } from 'ioredis';
import type { ResolvedJob } from '../job/resolved-job.js';

/** Creates the job's consumer group on every partition stream (and the stream) when missing. */
export async function ensureGroups(redis: Redis, job: ResolvedJob): Promise<void> {
  for (const stream of job.partitions) {
    try {
      await redis.xgroup('CREATE', stream, job.group, job.startId, 'MKSTREAM');
    } catch (e) {
      const message = (e as Error).message;
      if (message.startsWith('BUSYGROUP')) continue;
      if (message.startsWith('WRONGTYPE')) {
        throw new Error(`key "${stream}" exists but is not a stream: point source.stream at a stream, or remove the key`);
      }
      throw new Error(`cannot create consumer group "${job.group}" on "${stream}": ${message}`);
    }
  }
}
