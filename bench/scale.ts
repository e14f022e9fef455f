// Scaling: eddy with 1, 2 and 4 worker threads in one process, and with 2 processes of 2 threads,
// on the same 8-partition data, each beside the hand-written consumer in the same run (which reads
// the same entries from one plain stream). Contenders take turns, in a rotating order, so a noisy
// neighbour slows all of them rather than one. Redis CPU and eddy's own CPU are measured too: on a
// two-core machine they say what limits the figures, and what more cores would give.
//
//   npm run bench:scale           (BENCH_ENTRIES default 400000, BENCH_RUNS default 3, BENCH_KEYS 1000)
//
// eddy runs without --drain (several processes share the partitions through leases) and is timed
// from spawn until every partition's group has read the whole partition (polled every 25 ms), then
// stopped with SIGTERM; "processing" time starts at the first entry read, so it leaves start-up out.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startThrowawayRedis } from '../src/redis/throwaway-server.js';
import { partitionStream } from '../src/redis/keys.js';
import { machineLine } from './bench-summary.js';
import { runJsonChild, spawnJsonChild } from './child-run.js';
import { SENSOR_STREAM } from './load-generator.js';
import { loadPartitioned } from './partitioned-load.js';
import { PLAIN_CONSUMER } from './plain-consumer.js';
import { startRedisCost } from './redis-cost.js';
import { EDDY_BIN, EDDY_DIST_CLI, PLAIN_CONSUMER_FILE, REPO_ROOT } from './repo-paths.js';
import { formatRate, median, spreadPercent } from './sample-stats.js';

const JOB_FILE = fileURLToPath(new URL('./sensor-stats-8-partitions.ts', import.meta.url));
const PARTITIONS = 8;
const EDDY_GROUP = 'sensor-stats';
const ENTRIES = Number((process.env['BENCH_ENTRIES'] ?? '400000').replaceAll('_', ''));
const RUNS = Number(process.env['BENCH_RUNS'] ?? '3');
const KEYS = Number(process.env['BENCH_KEYS'] ?? '1000');

interface Contender {
  readonly name: string;
  /** Processes × worker threads each; undefined for the plain consumer. */
  readonly eddy?: { readonly processes: number; readonly workers: number };
}

const CONTENDERS: readonly Contender[] = [
  { name: 'plain consumer' },
  { name: 'eddy, 1 process × 1 thread', eddy: { processes: 1, workers: 1 } },
  { name: 'eddy, 1 process × 2 threads', eddy: { processes: 1, workers: 2 } },
  { name: 'eddy, 1 process × 4 threads', eddy: { processes: 1, workers: 4 } },
  { name: 'eddy, 2 processes × 2 threads', eddy: { processes: 2, workers: 2 } },
];

interface Run {
  readonly contender: string;
  /** Entries / (spawn → all read). */
  readonly wallRate: number;
  /** Entries / (first entry read → all read); the plain consumer's own elapsed time. */
  readonly processingRate: number;
  readonly redisCpuMsPer1k: number;
  /** Redis CPU / processing time: how much of a core Redis used (eddy: from its first entry read). */
  readonly redisCores: number;
  /** eddy's CPU (all its processes and threads) from its first entry read / processing time; undefined for the plain consumer. */
  readonly eddyCores: number | undefined;
}

async function main(): Promise<void> {
  if (!existsSync(EDDY_DIST_CLI)) throw new Error(`${EDDY_DIST_CLI} is missing: run \`npm run build\` first (npm run bench:scale does)`);
  console.log(`eddy scaling benchmark on ${machineLine()}`);
  const server = await startThrowawayRedis();
  const redis = new Redis(server.url);
  try {
    console.log(`loading ${ENTRIES.toLocaleString('en-US')} entries, ${KEYS} keys, into ${SENSOR_STREAM} and ${PARTITIONS} partitions …`);
    const load = await loadPartitioned(redis, ENTRIES, KEYS, PARTITIONS);
    console.log(`  loaded in ${(load.elapsedMs / 1000).toFixed(1)} s; per partition ${load.perPartition.join(' ')}`);
    const runs: Run[] = [];
    for (let r = 0; r < RUNS; r++) {
      const order = CONTENDERS.map((_, i) => CONTENDERS[(i + r) % CONTENDERS.length]!);
      for (const c of order) {
        await reset(redis);
        const run = c.eddy ? await runEddy(redis, server.url, c.name, c.eddy.processes, c.eddy.workers) : await runPlain(redis, server.url);
        runs.push(run);
        console.log(`  run ${r + 1}/${RUNS} ${c.name.padEnd(30)} ${formatRate(run.wallRate).padStart(10)} wall, ${formatRate(run.processingRate).padStart(10)} processing, ` +
          `Redis ${run.redisCpuMsPer1k.toFixed(2)} ms CPU / 1k (${run.redisCores.toFixed(2)} cores)` + (run.eddyCores !== undefined ? `, eddy ${run.eddyCores.toFixed(2)} cores` : ''));
      }
    }
    console.log(['', ...table(runs)].join('\n'));
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

/** Everything but the input streams deleted; every group on them destroyed (each contender creates its own at 0). */
async function reset(redis: Redis): Promise<void> {
  const inputs = new Set([SENSOR_STREAM, ...Array.from({ length: PARTITIONS }, (_, p) => partitionStream(SENSOR_STREAM, p))]);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const other = keys.filter((k) => !inputs.has(k));
    if (other.length > 0) await redis.del(...other);
  } while (cursor !== '0');
  for (const stream of inputs) {
    const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
    for (const g of groups) await redis.xgroup('DESTROY', stream, String(g[1]));
  }
}

async function runPlain(redis: Redis, url: string): Promise<Run> {
  const stopCost = await startRedisCost(redis);
  const child = await runJsonChild(process.execPath, ['--import', 'tsx', PLAIN_CONSUMER_FILE, url, PLAIN_CONSUMER.group], REPO_ROOT);
  const cost = await stopCost();
  const report = child.jsonLines.at(-1)!;
  const entries = Number(report['entries']);
  if (entries !== ENTRIES) throw new Error(`the plain consumer read ${entries} entries, expected ${ENTRIES}`);
  const elapsedMs = Number(report['elapsedMs']);
  return {
    contender: 'plain consumer',
    wallRate: (entries * 1000) / child.wallMs,
    processingRate: (entries * 1000) / elapsedMs,
    redisCpuMsPer1k: (cost.cpuMs * 1000) / entries,
    redisCores: cost.cpuMs / elapsedMs,
    eddyCores: undefined,
  };
}

async function runEddy(redis: Redis, url: string, name: string, processes: number, workers: number): Promise<Run> {
  // Redis and eddy CPU are counted from the first entry read: start-up (loading the job, compiling
  // WASM, the bench's own polling meanwhile) is not processing.
  let stopCost = await startRedisCost(redis);
  let cpuAtFirst = 0;
  const started = performance.now();
  const children = Array.from({ length: processes }, () =>
    spawnJsonChild(process.execPath, [EDDY_BIN, 'run', JOB_FILE, '--redis', url, '--workers', String(workers), '--progress-ms', '0'], REPO_ROOT),
  );
  let firstAt: number | undefined;
  let doneAt = started;
  let cpuMs = 0;
  try {
    for (;;) {
      const read = await entriesRead(redis);
      const now = performance.now();
      if (read > 0 && firstAt === undefined) {
        firstAt = now;
        stopCost = await startRedisCost(redis);
        for (const c of children) cpuAtFirst += processCpuMs(c.child.pid);
      }
      if (read >= ENTRIES) break;
      if (now - started > 600_000) throw new Error(`${name}: not done after 10 minutes (${read} of ${ENTRIES} read)`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    doneAt = performance.now();
    for (const c of children) cpuMs += processCpuMs(c.child.pid);
    for (const c of children) c.child.kill('SIGTERM');
  }
  const exits = await Promise.all(children.map((c) => c.exited));
  const failed = exits.find((e) => e.exitCode !== 0);
  if (failed) throw new Error(`${name}: an eddy process exited with ${failed.exitCode ?? failed.signal}:\n${failed.stderrTail}`);
  const cost = await stopCost();
  const processingMs = doneAt - (firstAt ?? started);
  return {
    contender: name,
    wallRate: (ENTRIES * 1000) / (doneAt - started),
    processingRate: (ENTRIES * 1000) / processingMs,
    redisCpuMsPer1k: (cost.cpuMs * 1000) / ENTRIES,
    redisCores: cost.cpuMs / processingMs,
    eddyCores: (cpuMs - cpuAtFirst) / processingMs,
  };
}

/** entries-read of eddy's group, summed over the partitions (0 for a group not created yet). */
async function entriesRead(redis: Redis): Promise<number> {
  const pipe = redis.pipeline();
  for (let p = 0; p < PARTITIONS; p++) pipe.xinfo('GROUPS', partitionStream(SENSOR_STREAM, p));
  let total = 0;
  for (const [err, groups] of (await pipe.exec()) ?? []) {
    if (err) continue;
    for (const g of groups as unknown[][]) {
      if (g[1] !== EDDY_GROUP) continue;
      const at = g.indexOf('entries-read');
      total += Number(g[at + 1] ?? 0);
    }
  }
  return total;
}

/** CPU time (user + system, every thread) of a running process, ms, from /proc; 0 where there is no /proc. */
function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

function table(runs: readonly Run[]): string[] {
  const plain = runs.filter((r) => r.contender === 'plain consumer');
  const plainWall = median(plain.map((r) => r.wallRate));
  const plainProcessing = median(plain.map((r) => r.processingRate));
  const rows = CONTENDERS.map((c) => {
    const mine = runs.filter((r) => r.contender === c.name);
    const wall = median(mine.map((r) => r.wallRate));
    const processing = median(mine.map((r) => r.processingRate));
    const eddyCores = mine[0]?.eddyCores === undefined ? '—' : median(mine.map((r) => r.eddyCores!)).toFixed(2);
    return `| ${c.name} | ${formatRate(wall)} | ${formatRate(processing)} | ${spreadPercent(mine.map((r) => r.processingRate)).toFixed(0)}% | ${(wall / plainWall).toFixed(2)}× | ${(processing / plainProcessing).toFixed(2)}× | ` +
      `${median(mine.map((r) => r.redisCpuMsPer1k)).toFixed(2)} ms | ${median(mine.map((r) => r.redisCores)).toFixed(2)} | ${eddyCores} |`;
  });
  return [
    `### Scaling: ${ENTRIES.toLocaleString('en-US')} entries, ${KEYS} keys, ${PARTITIONS} partitions, ${RUNS} runs each (medians)`,
    '',
    '| contender | events/s (spawn → all read) | events/s (processing) | spread | ÷ plain (wall) | ÷ plain (processing) | Redis CPU / 1k entries | Redis cores | eddy cores |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

await main();
