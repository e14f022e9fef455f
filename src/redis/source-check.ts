import type { RedisClient } from './command-connection.js';
import { checkpointKey } from './keys.js';

/** What went missing under a running job. */
export type MissingSource = 'stream' | 'group';

/**
 * A partition's input stream, or the job's consumer group on it, no longer exists: someone deleted
 * the stream or destroyed the group while the job ran. Nothing was committed after that (the commit
 * script checks both before its first write). Not retried: what to do is the operator's decision,
 * and the message says what the choices are.
 */
export class SourceGone extends Error {
  override readonly name = 'SourceGone';
  constructor(
    readonly missing: MissingSource,
    job: string,
    stream: string,
    group: string,
  ) {
    super(
      missing === 'stream'
        ? `input stream "${stream}" no longer exists (deleted while the job ran); nothing was committed after that. ` +
            `Restart the job to go on after the committed position (it re-creates the stream and group "${group}"), ` +
            `or also delete ${checkpointKey(job, stream)} to start over`
        : `consumer group "${group}" no longer exists on "${stream}" (destroyed, or the stream deleted and re-created, while the job ran); ` +
            `nothing was committed after that. Restart the job: it re-creates the group, and its next commit moves the group to the committed position ` +
            `(if the stream was re-created, also delete ${checkpointKey(job, stream)} to start over on the new entries)`,
    );
  }
}

/**
 * Checks that `stream` still exists and still has `group` (one XINFO GROUPS). Throws SourceGone
 * when not; other errors (Redis unreachable) propagate unchanged.
 */
export async function checkSource(redis: RedisClient, job: string, stream: string, group: string): Promise<void> {
  let groups: unknown[][];
  try {
    groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  } catch (e) {
    if (/no such key/i.test((e as Error).message)) throw new SourceGone('stream', job, stream, group);
    throw e;
  }
  const named = groups.some((g) => g.some((v, i) => i % 2 === 1 && g[i - 1] === 'name' && v === group));
  if (!named) throw new SourceGone('group', job, stream, group);
}
