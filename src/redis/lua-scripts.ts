import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Cluster, Redis } from 'ioredis';

/** Lua scripts by name; `<name>-<numKeys>.lua` in src/redis/lua (see STYLE.md). */
const SCRIPTS = {
  commit: 'commit-7.lua',
  leaseAcquire: 'lease-acquire-2.lua',
  leaseRenew: 'lease-renew-1.lua',
  leaseRelease: 'lease-release-1.lua',
  membersHeartbeat: 'members-heartbeat-1.lua',
  partitionFailure: 'partition-failure-2.lua',
  repartitionAppend: 'repartition-append-1.lua',
  repartitionCheckpoint: 'repartition-checkpoint-2.lua',
} as const;

export type ScriptName = keyof typeof SCRIPTS;

/** Reads a script and registers it on the connection (EVALSHA, falling back to EVAL once). */
export function defineScripts(redis: Redis | Cluster): void {
  for (const [name, file] of Object.entries(SCRIPTS)) {
    const numberOfKeys = Number(/-(\d+)\.lua$/.exec(file)![1]);
    const lua = readFileSync(fileURLToPath(new URL(`../../src/redis/lua/${file}`, import.meta.url)), 'utf8');
    redis.defineCommand(name, { numberOfKeys, lua });
  }
}

/** A connection with the scripts defined; replies as each script's header describes them. */
export type ScriptedRedis = (Redis | Cluster) & {
  commit(...keysAndArgs: (string | Buffer)[]): Promise<[number] | [-1, number] | [-2, number, string]>;
  leaseAcquire(lease: string, checkpoint: string, owner: string, ttlMs: number): Promise<[1, number] | [0, string, number]>;
  leaseRenew(lease: string, owner: string, ttlMs: number): Promise<[1] | [0, string]>;
  leaseRelease(lease: string, owner: string): Promise<0 | 1>;
  membersHeartbeat(members: string, owner: string, ttlMs: number, beat: '1' | '0'): Promise<string[]>;
  partitionFailure(checkpoint: string, lease: string, owner: string, token: number, after: string): Promise<number>;
  repartitionAppend(stream: string, entries: Buffer): Promise<[number, number]>;
  repartitionCheckpoint(checkpoint: string, source: string, group: string, id: string, entriesRead: string): Promise<[1, string] | [0]>;
};
