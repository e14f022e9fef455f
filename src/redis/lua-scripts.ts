import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

/** Lua scripts by name; `<name>-<numKeys>.lua` in src/redis/lua (see STYLE.md). */
const SCRIPTS = { commit: 'commit-5.lua' } as const;

export type ScriptName = keyof typeof SCRIPTS;

/** Reads a script and registers it on the connection (EVALSHA, falling back to EVAL once). */
export function defineScripts(redis: Redis): void {
  for (const [name, file] of Object.entries(SCRIPTS)) {
    const numberOfKeys = Number(/-(\d+)\.lua$/.exec(file)![1]);
    const lua = readFileSync(fileURLToPath(new URL(`../../src/redis/lua/${file}`, import.meta.url)), 'utf8');
    redis.defineCommand(name, { numberOfKeys, lua });
  }
}

/** A connection with the scripts defined. */
export type ScriptedRedis = Redis & {
  commit(...keysAndArgs: (string | Buffer)[]): Promise<[number] | [-1, number]>;
};
