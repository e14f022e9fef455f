import type { Redis } from 'ioredis';
import type { ResolvedJob } from '../job/resolved-job.js';

/**
 * Creates the job's consumer group on every partition stream (and the stream) when missing, and
 * checks that the sinks are streams or absent, so a wrong key is named at start-up.
 */
export async function ensureGroups(redis: Redis, job: ResolvedJob): Promise<void> {
  for (const [option, key] of [['sinks.output', job.sinks.output], ['sinks.late', job.sinks.late], ['sinks.deadLetter', job.sinks.deadLetter]] as const) {
    const type = await redis.type(key);
    if (type !== 'none' && type !== 'stream') {
      throw new Error(`${option}: key "${key}" holds a ${type}, not a stream: remove it or point ${option} elsewhere`);
    }
  }
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
