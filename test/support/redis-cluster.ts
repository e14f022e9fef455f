// A real Redis Cluster on loopback for the cluster tests (issue 7): N masters, each with R replicas,
// every node a throwaway redis-server (`--cluster-enabled yes`) in its own temp dir, joined by
// `redis-cli --cluster create`. The test can find the master owning a slot, SIGKILL / SIGSTOP a
// node, and promote a replica; afterAll stops every node and removes the dirs.
//
//   masters  A  B  C        slots 0–5460 · 5461–10922 · 10923–16383
//   replicas a  b  c        each follows one master; SIGKILL B → b takes over after the node timeout

import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startThrowawayRedis, type ThrowawayRedis } from '../../src/redis/throwaway-server.js';
import { ownClient } from './redis-server.js';

/** How long a silent node counts as reachable before the cluster fails it over, ms. Small, so tests are quick. */
export const NODE_TIMEOUT_MS = 1500;

export interface ClusterNode {
  readonly port: number;
  readonly server: ThrowawayRedis;
}

export interface TestCluster {
  /**
   * `redis://127.0.0.1:<port>` of every node, comma-separated: what a user passes to eddy, so that it
   * can start while any one node is down.
   */
  readonly url: string;
  readonly nodes: readonly ClusterNode[];
  /** An ioredis Cluster client on this cluster (closed in afterAll). */
  readonly client: Cluster;
  /** The port of the master serving `slot` now, as a live node's CLUSTER SLOTS says. */
  masterOf(slot: number): Promise<number>;
  /** The master ports, as the cluster sees them now. */
  masters(): Promise<number[]>;
  /** A replica port of the master on `port`. */
  replicaOf(port: number): Promise<number>;
  /** Sends one command to the node on `port` (e.g. CLUSTER FAILOVER TAKEOVER on a replica). */
  nodeCommand(port: number, args: readonly string[]): Promise<unknown>;
  /** Sends a signal to the node on `port` (SIGKILL: gone; SIGSTOP / SIGCONT: silent, then back). */
  signal(port: number, signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): void;
  /** Waits until every living node says cluster_state:ok and every slot is served by a master that answers. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /** FLUSHALL on every master, so every test starts from an empty cluster. */
  reset(): Promise<void>;
}

/** Whether this machine can build a cluster (redis-cli with --cluster). */
export function redisClusterAvailable(): boolean {
  return spawnSync('redis-cli', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** Starts a cluster of `masters` masters with `replicas` replicas each for the calling test file. */
export function useRedisCluster(options: { masters?: number; replicas?: number } = {}): TestCluster {
  const masters = options.masters ?? 3;
  const replicas = options.replicas ?? 1;
  const nodes: ClusterNode[] = [];
  let client: Cluster | undefined;
  const live = (): ClusterNode[] => nodes.filter((n) => n.server.process.exitCode === null && n.server.process.signalCode === null);
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the test cluster is only available inside tests (useRedisCluster() starts it in beforeAll)');
    return v;
  };

  /** Asks each living node in turn; SIGSTOPped nodes are skipped by a short timeout. */
  async function ask<T>(command: (r: Redis) => Promise<T>): Promise<T> {
    let last: unknown;
    for (const n of live()) {
      const r = ownClient(n.port);
      try {
        return await withTimeout(command(r), 500);
      } catch (e) {
        last = e;
      } finally {
        r.disconnect();
      }
    }
    throw new Error(`no cluster node answered: ${String(last)}`);
  }

  const slotTable = (): Promise<[number, number, [string, number, string], ...[string, number, string][]][]> =>
    ask(async (r) => (await r.cluster('SLOTS')) as never);

  const cluster: TestCluster = {
    get url() {
      need(nodes[0]);
      return nodes.map((n) => `redis://127.0.0.1:${n.port}`).join(',');
    },
    get nodes() {
      return nodes;
    },
    get client() {
      return need(client);
    },
    async masterOf(slot) {
      const row = (await slotTable()).find(([from, to]) => slot >= from && slot <= to);
      if (!row) throw new Error(`slot ${slot} is served by no master`);
      return row[2][1];
    },
    async masters() {
      return [...new Set((await slotTable()).map((row) => row[2][1]))];
    },
    async replicaOf(port) {
      const row = (await slotTable()).find((r) => r[2][1] === port);
      const replica = row?.[3];
      if (!replica) throw new Error(`the master on ${port} has no replica`);
      return replica[1];
    },
    async nodeCommand(port, args) {
      const r = ownClient(port);
      try {
        return await withTimeout(r.call(args[0]!, ...args.slice(1)), 2000);
      } finally {
        r.disconnect();
      }
    },
    signal(port, signal) {
      const n = nodes.find((x) => x.port === port);
      if (!n) throw new Error(`no node on port ${port}`);
      n.server.process.kill(signal);
    },
    async waitHealthy(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const problem = await unhealthy();
        if (problem === undefined) return;
        if (Date.now() > deadline) throw new Error(`the test cluster did not become healthy within ${timeoutMs} ms: ${problem}`);
        await sleep(200);
      }
    },
    async reset() {
      for (const port of await cluster.masters()) {
        const r = ownClient(port);
        try {
          await r.flushall();
        } finally {
          r.disconnect();
        }
      }
    },
  };

  /** Why the cluster is not healthy yet, or undefined when it is. */
  async function unhealthy(): Promise<string | undefined> {
    for (const n of live()) {
      const r = ownClient(n.port);
      try {
        const info = await withTimeout(r.cluster('INFO') as Promise<string>, 500);
        if (!/cluster_state:ok/.test(info)) return `node ${n.port}: ${/cluster_state:\w+/.exec(info)?.[0]}`;
        if (!/cluster_slots_ok:16384/.test(info)) return `node ${n.port}: not every slot is ok`;
        const repl = await withTimeout(r.info('replication'), 500);
        if (/role:slave/.test(repl) && !/master_link_status:up/.test(repl)) return `replica ${n.port}: link to its master is down`;
      } catch (e) {
        return `node ${n.port}: ${(e as Error).message}`;
      } finally {
        r.disconnect();
      }
    }
    return undefined;
  }

  beforeAll(async () => {
    const count = masters * (1 + replicas);
    for (let i = 0; i < count; i++) {
      const port = await freeClusterPort(nodes.map((n) => n.port));
      const server = await startThrowawayRedis({
        port,
        args: [
          '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(NODE_TIMEOUT_MS),
          // A replica whose master died may always take over, however long its link was down.
          '--cluster-replica-validity-factor', '0',
        ],
      });
      nodes.push({ port, server });
    }
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', String(replicas), '--cluster-yes'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${created.stdout}\n${created.stderr}`);
    await cluster.waitHealthy();
    client = new Cluster([{ host: '127.0.0.1', port: nodes[0]!.port }], { redisOptions: { maxRetriesPerRequest: 1 } });
    client.on('error', () => {});
    await client.ping();
  }, 90_000);

  afterAll(async () => {
    client?.disconnect();
    for (const n of nodes) {
      n.server.process.kill('SIGCONT');
      await n.server.stop();
    }
  });

  return cluster;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

/**
 * A port whose cluster bus port (port + 10000) is free too. The kernel's ephemeral ports go up to
 * 60999, whose bus port would not exist, so ports are drawn from 20000–29999 instead; never 6379.
 */
async function freeClusterPort(taken: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 10000);
    if (taken.includes(port) || taken.includes(port - 10000) || taken.includes(port + 10000)) continue;
    if ((await canListen(port)) && (await canListen(port + 10000))) return port;
  }
  throw new Error('no free pair of ports (port, port + 10000) in 20000–39999 for a cluster node');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
