import type { ResolvedJob } from '../job/resolved-job.js';
import type { RedisClient } from '../redis/command-connection.js';
import { sinksOf } from '../redis/keys.js';

/**
 * Creates the job's consumer group on every partition stream (and the stream) when missing, and
 * checks that the sinks are streams or absent, so a wrong key is named at start-up.
 */
export async function ensureGroups(redis: RedisClient, job: ResolvedJob): Promise<void> {
  const sinks = new Set(job.partitions.map((_, p) => sinksOf(job, p)));
  for (const s of sinks) {
    for (const [option, key] of [['sinks.output', s.output], ['sinks.late', s.late], ['sinks.deadLetter', s.deadLetter]] as const) {
      const type = await redis.type(key);
      if (type !== 'none' && type !== 'stream') {
        throw new Error(`${option}: key "${key}" holds a ${type}, not a stream: remove it or point ${option} elsewhere`);
      }
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
