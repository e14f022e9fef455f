// Redis' own side of a run: CPU seconds the server burnt and time spent per command, read from
// INFO before and after. On a two-core machine the server shares the cores with the consumer, so a
// consumer that makes Redis work harder per entry is slower even when its own code is fast.

import type { Redis } from 'ioredis';

/** Server CPU and command time over one run. */
export interface RedisCost {
  /** used_cpu_user + used_cpu_sys of redis-server, ms. */
  readonly cpuMs: number;
  /** Microseconds spent in each command (lower-case name), including calls made from Lua scripts. */
  readonly commandUsec: Readonly<Record<string, number>>;
  /** Calls of each command. */
  readonly commandCalls: Readonly<Record<string, number>>;
}

/** Starts measuring: resets the command statistics and remembers the CPU counters. */
export async function startRedisCost(redis: Redis): Promise<() => Promise<RedisCost>> {
  await redis.config('RESETSTAT');
  const cpuBefore = cpuMs(await redis.info('cpu'));
  return async () => {
    const cpuAfter = cpuMs(await redis.info('cpu'));
    const commandUsec: Record<string, number> = {};
    const commandCalls: Record<string, number> = {};
    for (const m of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      commandCalls[m[1]!] = Number(m[2]);
      commandUsec[m[1]!] = Number(m[3]);
    }
    return { cpuMs: cpuAfter - cpuBefore, commandUsec, commandCalls };
  };
}

function cpuMs(info: string): number {
  const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}
