// A private redis-server for the fault tests (issue 6): like useRedisServer(), but the test can
// stop it (SIGTERM: a clean shutdown; SIGKILL: a crash) and start it again on the same port and
// data directory, pause it (SIGSTOP: a silent partition) and read its append-only files.
//
//   start ──────── stop ┈┈┈┈ down ┈┈┈┈ start ──────── pause ┈┈┈ stalled ┈┈┈ resume ────
//          clients connected      refused             accepted, no replies

import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startThrowawayRedis, type ThrowawayRedis } from '../../src/redis/throwaway-server.js';
import { ownClient } from './redis-server.js';

export interface RestartableRedis {
  readonly url: string;
  readonly port: number;
  /** The data directory, kept across restarts (removed in afterAll). */
  readonly dir: string;
  /** A shared ioredis client; it reconnects by itself after a restart. */
  readonly redis: Redis;
  /** Stops the server, keeping its data directory: SIGTERM shuts down cleanly (AOF flushed), SIGKILL is a crash. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and directory, with the file's arguments plus `extraArgs`. */
  start(extraArgs?: readonly string[]): Promise<void>;
  /** SIGSTOP: connections stay open, nothing is answered. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** The path of the newest incremental file of Redis 7's multi-part AOF (appendonlydir/…incr.aof). */
  aofIncrFile(): string;
}

/** One restartable redis-server for the calling test file, started with `args` (e.g. AOF options). */
export function useRestartableRedis(args: readonly string[]): RestartableRedis {
  let server: ThrowawayRedis | undefined;
  let client: Redis | undefined;
  let dir: string | undefined;
  let port: number | undefined;
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the restartable Redis is only available inside tests');
    return v;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-redis-faults-'));
    server = await startThrowawayRedis({ dir, args });
    port = server.port;
    client = ownClient(port);
    await client.ping();
  });

  afterAll(async () => {
    client?.disconnect();
    if (server) {
      server.process.kill('SIGCONT');
      await server.stop();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get url() {
      return need(server).url;
    },
    get port() {
      return need(port);
    },
    get dir() {
      return need(dir);
    },
    get redis() {
      return need(client);
    },
    async stop(signal = 'SIGTERM') {
      const s = need(server);
      if (s.process.exitCode === null && s.process.signalCode === null) {
        const gone = once(s.process, 'exit');
        s.process.kill('SIGCONT');
        s.process.kill(signal);
        await gone;
      }
      await s.stop();
    },
    async start(extraArgs = []) {
      server = await startThrowawayRedis({ dir: need(dir), port: need(port), args: [...args, ...extraArgs] });
    },
    pause() {
      need(server).process.kill('SIGSTOP');
    },
    resume() {
      need(server).process.kill('SIGCONT');
    },
    aofIncrFile() {
      const aofDir = join(need(dir), 'appendonlydir');
      const manifest = readFileSync(join(aofDir, 'appendonly.aof.manifest'), 'utf8');
      const incr = [...manifest.matchAll(/^file (\S+) seq (\d+) type i$/gm)].sort((a, b) => Number(a[2]) - Number(b[2])).at(-1);
      if (!incr) throw new Error(`no incremental AOF file in ${aofDir}: ${readdirSync(aofDir).join(', ')}`);
      return join(aofDir, incr[1]!);
    },
  };
}
