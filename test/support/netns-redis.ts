// A redis-server in its own network namespace, reachable from this host over two separate paths
// (two veth pairs, one /30 subnet each), either of which can be cut silently: a `blackhole` qdisc on
// both ends drops every packet in both directions without a reset or an ICMP error, as a network
// partition does (netem is not in this machine's kernel; blackhole is). A process connected over
// path A is cut off while one connected over path B carries on, against the same Redis.
//
//   host                                     namespace eddy-<pid>-<n>
//   10.231.N.1 ── vethA (cut() drops all) ── 10.231.N.2 ┐
//   10.231.N.5 ── vethB ──────────────────── 10.231.N.6 ┴─ redis-server
//
// Needs root and iproute2 (`ip`, `tc`); netnsUnavailable() says why not, for a skip. The namespace
// (and with it both veth pairs) is deleted by stop(), on process exit, and — left over by a test
// process that was killed — by the next start.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

const PREFIX = 'eddy-';
/** Never the machine's own 6379, even inside a namespace: one rule everywhere. */
const PORT = 16_379;

/** Why the namespace cannot be made here (for a skip message), or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root (ip netns add)';
  for (const tool of ['ip', 'tc', 'redis-server']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not on PATH (iproute2 / redis-server)`;
    }
  }
  return undefined;
}

export interface NetnsRedis {
  /** Redis over path A, the one cut() cuts. */
  readonly urlA: string;
  /** Redis over path B, never cut. */
  readonly urlB: string;
  /** A client over path B, for the test's own reads and writes. */
  readonly redis: Redis;
  /** Drops every packet on path A, both ways, silently. */
  cut(): void;
  /** Lets path A's packets through again. */
  heal(): void;
  /** Kills redis-server and deletes the namespace with both veth pairs. */
  stop(): Promise<void>;
}

const live = new Set<string>();
process.on('exit', () => {
  for (const ns of live) deleteNamespace(ns);
});

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function deleteNamespace(ns: string): void {
  try {
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  live.delete(ns);
}

/** Deletes namespaces of ours whose test process is gone (killed before it could clean up). */
function sweepLeftovers(): void {
  const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  for (const line of listed.split('\n')) {
    const ns = line.split(' ')[0] ?? '';
    const m = new RegExp(`^${PREFIX}(\\d+)-\\d+$`).exec(ns);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      deleteNamespace(ns);
    }
  }
}

let made = 0;

export async function startNetnsRedis(): Promise<NetnsRedis> {
  sweepLeftovers();
  // Subnet and names unique per test process and namespace, so parallel test files never collide.
  const n = (process.pid * 7 + made) % 250;
  const ns = `${PREFIX}${process.pid}-${made++}`;
  const tag = `${process.pid % 100_000}${made}`.slice(-7);
  const [hostA, nsA, hostB, nsB] = [`ea${tag}h`, `ea${tag}n`, `eb${tag}h`, `eb${tag}n`];
  const net = `10.231.${n}`;
  const dir = mkdtempSync(join(tmpdir(), 'eddy-netns-'));
  let server: ChildProcess | undefined;
  live.add(ns);
  try {
    ip('netns', 'add', ns);
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    for (const [host, inner, hostIp, innerIp] of [
      [hostA, nsA, `${net}.1`, `${net}.2`],
      [hostB, nsB, `${net}.5`, `${net}.6`],
    ] as const) {
      ip('link', 'add', host, 'type', 'veth', 'peer', 'name', inner, 'netns', ns);
      ip('addr', 'add', `${hostIp}/30`, 'dev', host);
      ip('link', 'set', host, 'up');
      ip('-n', ns, 'addr', 'add', `${innerIp}/30`, 'dev', inner);
      ip('-n', ns, 'link', 'set', inner, 'up');
    }
    server = spawn(
      'ip',
      ['netns', 'exec', ns, 'redis-server', '--bind', `${net}.2`, `${net}.6`, '--port', String(PORT), '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    const redis = new Redis({ host: `${net}.6`, port: PORT, maxRetriesPerRequest: 1, retryStrategy: (times) => (times > 50 ? null : 100) });
    redis.on('error', () => {});
    await redis.ping();
    let cut = false;
    const blackhole = (add: boolean): void => {
      const verb = add ? 'add' : 'del';
      execFileSync('tc', ['qdisc', verb, 'dev', hostA, 'root', ...(add ? ['blackhole'] : [])], { stdio: 'ignore' });
      execFileSync('ip', ['netns', 'exec', ns, 'tc', 'qdisc', verb, 'dev', nsA, 'root', ...(add ? ['blackhole'] : [])], { stdio: 'ignore' });
    };
    const srv = server;
    return {
      urlA: `redis://${net}.2:${PORT}`,
      urlB: `redis://${net}.6:${PORT}`,
      redis,
      cut() {
        if (cut) return;
        blackhole(true);
        cut = true;
      },
      heal() {
        if (!cut) return;
        blackhole(false);
        cut = false;
      },
      async stop() {
        redis.disconnect();
        if (srv.exitCode === null && srv.signalCode === null) {
          const exited = new Promise((resolve) => srv.once('exit', resolve));
          srv.kill('SIGKILL');
          await exited;
        }
        deleteNamespace(ns);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    server?.kill('SIGKILL');
    deleteNamespace(ns);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
