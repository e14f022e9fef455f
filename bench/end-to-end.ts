// End-to-end throughput: eddy against the hand-written consumer, on the same Redis and the same
// entries, alternately, so that a noisy neighbour slows both rather than one. Redis' own ceiling is
// measured in the same run for context.
//
//   npx tsx bench/end-to-end.ts            (BENCH_ENTRIES, BENCH_KEYS, BENCH_RUNS override the load)

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { startThrowawayRedis } from '../src/redis/throwaway-server.js';
import { benchOptionsFromEnv, type BenchOptions } from './bench-options.js';
import { runJsonChild, type ChildRun } from './child-run.js';
import { generateLoad, SENSOR_STREAM, type LoadReport } from './load-generator.js';
import { PLAIN_CONSUMER } from './plain-consumer.js';
import { redisBenchmarkXrange, xrangeWalk, type RedisBenchmarkXrange, type XrangeWalk } from './redis-ceiling.js';
import { startRedisCost, type RedisCost } from './redis-cost.js';
import { EDDY_BIN, EDDY_DIST_CLI, PLAIN_CONSUMER_FILE, REPO_ROOT, SENSOR_STATS_JOB } from './repo-paths.js';
import { formatMiB, formatRate, median, spreadPercent } from './sample-stats.js';
import { sensorStatsJob } from './sensor-stats-job.js';

/** eddy's group and output: fixed by examples/sensor-stats.ts, so they are read from it. */
const EDDY_JOB = sensorStatsJob();

/** The two programs compared: `eddy run --drain` and bench/plain-consumer.ts. */
export type Contender = 'eddy' | 'plain';

/** One run of one contender. */
export interface ContenderRun {
  readonly contender: Contender;
  /** Spawn to exit, measured here, ms. */
  readonly wallMs: number;
  /** The child's own processing time (after start-up), ms. */
  readonly childElapsedMs: number;
  readonly entries: number;
  readonly results: number;
  readonly late: number;
  readonly maxRssBytes: number;
  /** Entries / wall time. */
  readonly wallRate: number;
  /** Entries / the child's own elapsed time. */
  readonly childRate: number;
  readonly redis: RedisCost;
}

/** Medians over the runs of one contender. */
export interface ContenderSummary {
  readonly wallRate: number;
  readonly childRate: number;
  readonly maxRssBytes: number;
  readonly results: number;
  /** Spread of the wall rates, (max − min) / median, %. */
  readonly spreadPercent: number;
  /** Wall time not spent processing: process start-up, connecting, loading the job, exit (median, ms). */
  readonly overheadMs: number;
  /** Redis CPU per 1000 entries, ms (median). */
  readonly redisCpuMsPer1k: number;
}

/** Everything one end-to-end run measured. */
export interface EndToEndReport {
  readonly entries: number;
  readonly keys: number;
  readonly load: LoadReport;
  readonly ceiling: { readonly walk: XrangeWalk; readonly benchmark: RedisBenchmarkXrange | undefined };
  readonly runs: readonly ContenderRun[];
  readonly eddy: ContenderSummary;
  readonly plain: ContenderSummary;
  /** eddy / plain, of the median rates. */
  readonly ratioWall: number;
  readonly ratioChild: number;
  readonly warnings: readonly string[];
}

/** Loads the stream once, measures Redis' ceiling, then runs eddy and the plain consumer `runs` times each, alternately. */
export async function runEndToEnd(options: BenchOptions, log: (line: string) => void = console.log): Promise<EndToEndReport> {
  if (!existsSync(EDDY_DIST_CLI)) throw new Error(`${EDDY_DIST_CLI} is missing: run \`npm run build\` first (npm run bench does)`);
  const server = await startThrowawayRedis();
  const redis = new Redis(server.url);
  const warnings: string[] = [];
  try {
    log(`end-to-end: loading ${options.entries.toLocaleString('en-US')} entries, ${options.keys} keys into ${server.url} …`);
    const load = await generateLoad(redis, { entries: options.entries, keys: options.keys });
    log(`  loaded in ${(load.elapsedMs / 1000).toFixed(1)} s (${formatRate((load.entries * 1000) / load.elapsedMs)} pipelined XADD); event time ${((load.lastMs - load.firstMs) / 1000).toFixed(0)} s`);

    const walk = await xrangeWalk(server.port, SENSOR_STREAM);
    if (walk.entries !== options.entries) warnings.push(`XRANGE walk saw ${walk.entries} entries, expected ${options.entries}`);
    const benchmark = redisBenchmarkXrange(server.port, SENSOR_STREAM);
    log(`  Redis ceiling: XRANGE COUNT 1000 walk ${formatRate(walk.entriesPerSecond)}` +
      (benchmark ? `, redis-benchmark ${benchmark.clients} clients ${formatRate(benchmark.entriesPerSecond)}` : ' (redis-benchmark not installed)'));

    const runs: ContenderRun[] = [];
    for (let r = 0; r < options.runs; r++) {
      // Alternate which goes first, so neither always runs on a warmer (or more fragmented) server.
      const order: Contender[] = r % 2 === 0 ? ['eddy', 'plain'] : ['plain', 'eddy'];
      for (const contender of order) {
        await resetConsumers(redis);
        const stopCost = await startRedisCost(redis);
        const child = await runContender(contender, server.url);
        const run = contenderRun(contender, child, await stopCost());
        runs.push(run);
        log(`  run ${r + 1}/${options.runs} ${contender.padEnd(5)} ${formatRate(run.wallRate).padStart(10)} wall, ${formatRate(run.childRate).padStart(10)} own, start-up+exit ${(run.wallMs - run.childElapsedMs).toFixed(0)} ms, ` +
          `${run.results} results, RSS ${formatMiB(run.maxRssBytes)}, Redis CPU ${(run.redis.cpuMs / 1000).toFixed(2)} s`);
        if (run.entries !== options.entries) warnings.push(`${contender} run ${r + 1} processed ${run.entries} entries, expected ${options.entries}`);
        if (run.late !== 0) warnings.push(`${contender} run ${r + 1} saw ${run.late} late events; the load should have none`);
        const outputLength = await redis.xlen(contender === 'eddy' ? EDDY_JOB.sinks.output : PLAIN_CONSUMER.output);
        if (outputLength !== run.results) warnings.push(`${contender} run ${r + 1} reported ${run.results} results but its output stream holds ${outputLength}`);
      }
    }
    const eddy = summarise(runs.filter((x) => x.contender === 'eddy'));
    const plain = summarise(runs.filter((x) => x.contender === 'plain'));
    const resultCounts = new Set(runs.map((x) => x.results));
    if (resultCounts.size !== 1) warnings.push(`window result counts differ between runs/contenders: ${[...resultCounts].join(', ')}`);
    for (const w of warnings) log(`  WARNING: ${w}`);
    return {
      entries: options.entries,
      keys: options.keys,
      load,
      ceiling: { walk, benchmark },
      runs,
      eddy,
      plain,
      ratioWall: eddy.wallRate / plain.wallRate,
      ratioChild: eddy.childRate / plain.childRate,
      warnings,
    };
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

/**
 * Puts the server back to "input loaded, nothing consumed": every key but the input stream is
 * deleted (outputs, and whatever eddy keeps besides: checkpoints, leases), and both groups restart
 * at 0 with no pending entries.
 */
async function resetConsumers(redis: Redis): Promise<void> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch.filter((k) => k !== SENSOR_STREAM));
  } while (cursor !== '0');
  if (keys.length > 0) await redis.del(...keys);
  for (const group of [EDDY_JOB.group, PLAIN_CONSUMER.group]) {
    await redis.xgroup('DESTROY', SENSOR_STREAM, group);
    await redis.xgroup('CREATE', SENSOR_STREAM, group, '0');
  }
}

function runContender(contender: Contender, url: string): Promise<ChildRun> {
  // Both run from the repository root with the same Node; the plain consumer through tsx's loader
  // in-process (not the tsx CLI, which would add a second process to start).
  return contender === 'eddy'
    ? runJsonChild(process.execPath, [EDDY_BIN, 'run', SENSOR_STATS_JOB, '--drain', '--redis', url, '--progress-ms', '0'], REPO_ROOT)
    : runJsonChild(process.execPath, ['--import', 'tsx', PLAIN_CONSUMER_FILE, url, PLAIN_CONSUMER.group], REPO_ROOT);
}

function contenderRun(contender: Contender, child: ChildRun, redis: RedisCost): ContenderRun {
  const last = contender === 'eddy' ? [...child.jsonLines].reverse().find((l) => l['msg'] === 'job finished') : child.jsonLines.at(-1);
  if (last === undefined) throw new Error(`${contender} printed no final report:\n${child.stderrTail}`);
  const num = (name: string): number => {
    const v = last[name];
    if (typeof v !== 'number') throw new Error(`${contender}'s final line has no numeric "${name}": ${JSON.stringify(last)}`);
    return v;
  };
  const entries = num('entries');
  return {
    contender,
    wallMs: child.wallMs,
    childElapsedMs: num('elapsedMs'),
    entries,
    results: num('results'),
    late: num('late'),
    maxRssBytes: num('maxRssBytes'),
    wallRate: (entries * 1000) / child.wallMs,
    childRate: (entries * 1000) / num('elapsedMs'),
    redis,
  };
}

function summarise(runs: readonly ContenderRun[]): ContenderSummary {
  return {
    wallRate: median(runs.map((r) => r.wallRate)),
    childRate: median(runs.map((r) => r.childRate)),
    maxRssBytes: median(runs.map((r) => r.maxRssBytes)),
    results: median(runs.map((r) => r.results)),
    spreadPercent: spreadPercent(runs.map((r) => r.wallRate)),
    overheadMs: median(runs.map((r) => r.wallMs - r.childElapsedMs)),
    redisCpuMsPer1k: median(runs.map((r) => (r.redis.cpuMs * 1000) / r.entries)),
  };
}

/** Where Redis spent its time in the median-ish run of a contender: µs per 1000 entries, by command. */
export function redisCommandBreakdown(report: EndToEndReport, contender: Contender): string {
  const runs = report.runs.filter((r) => r.contender === contender);
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.redis.commandUsec)))];
  return names
    .map((n) => ({ n, usec: median(runs.map((r) => ((r.redis.commandUsec[n] ?? 0) * 1000) / r.entries)) }))
    // The bench's own bookkeeping (INFO, CONFIG, SCAN, …) rounds to nothing per 1000 entries.
    .filter(({ usec }) => usec >= 5)
    .sort((a, b) => b.usec - a.usec)
    .map(({ n, usec }) => `${n} ${(usec / 1000).toFixed(2)} ms`)
    .join(', ');
}

/** The report as markdown lines. */
export function formatEndToEnd(r: EndToEndReport): string[] {
  const row = (name: string, s: ContenderSummary): string =>
    `| ${name} | ${formatRate(s.wallRate)} | ${formatRate(s.childRate)} | ${s.spreadPercent.toFixed(0)}% | ${(s.overheadMs / 1000).toFixed(2)} s | ${formatMiB(s.maxRssBytes)} | ${s.results} | ${s.redisCpuMsPer1k.toFixed(2)} ms |`;
  return [
    `### End to end: ${r.entries.toLocaleString('en-US')} entries, ${r.keys} keys, ${r.runs.length / 2} runs each (medians)`,
    '',
    '| contender | events/s (wall, spawn→exit) | events/s (own elapsed) | spread (wall) | start-up + exit | peak RSS | window results | Redis CPU / 1k entries |',
    '|---|---|---|---|---|---|---|---|',
    row('eddy (--drain)', r.eddy),
    row('plain consumer', r.plain),
    '',
    `eddy / plain: **${r.ratioWall.toFixed(2)}×** wall, ${r.ratioChild.toFixed(2)}× own elapsed.`,
    `Redis ceiling, same server and data: XRANGE COUNT 1000 walk ${formatRate(r.ceiling.walk.entriesPerSecond)}` +
      (r.ceiling.benchmark ? `; redis-benchmark (${r.ceiling.benchmark.clients} clients) ${formatRate(r.ceiling.benchmark.entriesPerSecond)}` : '') +
      `; loading by pipelined XADD ${formatRate((r.load.entries * 1000) / r.load.elapsedMs)}.`,
    `Redis time per 1000 entries — eddy: ${redisCommandBreakdown(r, 'eddy')}; plain: ${redisCommandBreakdown(r, 'plain')}.`,
    ...r.warnings.map((w) => `**WARNING**: ${w}`),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runEndToEnd(benchOptionsFromEnv()).then(
    (report) => console.log(['', ...formatEndToEnd(report)].join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
