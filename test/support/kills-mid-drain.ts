// The takeover experiment the recovery tests share: a drain of `file` is SIGKILLed once the job's
// consumer group has read 20%, 45% and 70% of the input, each kill leaving its successor to take the
// partition over from the checkpoint. The caller then runs the last drain and checks the sinks.

import type { Redis } from 'ioredis';
import { startCli } from './run-cli.js';
import { eventually, groupInfo } from './stream-io.js';

/** SIGKILLs a `--drain` run of `file` at each share of `entries` read by `group` on stream `stream`. */
export async function killsMidDrain(redis: Redis, url: string, file: string, group: string, entries: number, stream = 'sensors'): Promise<void> {
  const read = async (): Promise<number> => Number((await groupInfo(redis, stream, group))?.get('entries-read') ?? 0);
  for (const share of [0.2, 0.45, 0.7]) {
    const doomed = startCli(['run', file, '--drain', '--redis', url, '--lease-ms', '1000']);
    await eventually(`a run to pass ${share * 100}% of the input`, async () => ((await read()) >= share * entries || undefined));
    doomed.signal('SIGKILL');
    await doomed.exited;
  }
}
