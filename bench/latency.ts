// Steady-rate latency of examples/sensor-stats.ts under `eddy run` (not --drain): how long after
// a window could close its results are in Redis.
//
// For a window [start, end) the watermark can pass `end` once an event with time ≥ end + 2 s
// (the out-of-orderness) exists; events carry their production time, so that moment is wall-clock
// end + 2 s. A result's latency is its output entry ID's millisecond part (Redis' clock when the
// commit wrote it) minus that moment: produce → XADD → read → decode → window → commit, all included.
//
// A second figure starts the clock when that triggering entry reached Redis instead (its own ID's
// millisecond part): the difference is time spent before eddy could see the entry (the producer's
// and Redis' queues), which says whether a slow result was eddy's doing or the machine's.
//
// Only windows wholly inside steady production are measured: the first window began before the
// producer (its start is skipped), and production stops 300 ms after the next moment a window can
// close, so the window in progress at the end (the last) never closes and never counts. With 10 s
// windows that leaves one or two windows, all keys of each closing in the same batch: the
// percentiles describe a couple of window closes, not thousands of independent samples.
//
//   npx tsx bench/latency.ts            (BENCH_RATE, BENCH_LATENCY_SECONDS, BENCH_KEYS)

import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { alignedWindowOf } from '../src/job/resolved-job.js';
import { startThrowawayRedis } from '../src/redis/throwaway-server.js';
import { benchOptionsFromEnv, type BenchOptions } from './bench-options.js';
import { spawnJsonChild } from './child-run.js';
import { SENSOR_STREAM } from './load-generator.js';
import { EDDY_BIN, EDDY_DIST_CLI, REPO_ROOT, SENSOR_STATS_JOB } from './repo-paths.js';
import { percentile } from './sample-stats.js';
import { sensorStatsJob } from './sensor-stats-job.js';
import { produceSteadily, type SteadyProduction } from './steady-producer.js';
import { XaddSocket } from './xadd-socket.js';

/** The rate used when neither run-all nor BENCH_RATE gives one. */
export const DEFAULT_LATENCY_RATE = 100_000;

/** Latency of one window's results (all keys), ms. */
export interface WindowLatency {
  readonly start: number;
  readonly results: number;
  readonly p50Ms: number;
  readonly maxMs: number;
  /** When the first entry able to close the window reached Redis, minus when it could first have been produced (end + 2 s). */
  readonly ingestDelayMs: number;
}

/** p50 / p99 / max of a set of latencies, ms. */
export interface LatencyPercentiles {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Everything one latency run measured. */
export interface LatencyReport {
  readonly targetRate: number;
  readonly production: SteadyProduction;
  readonly budgetMs: number;
  /** Results measured: those of windows wholly inside the steady production. */
  readonly results: number;
  readonly windows: readonly WindowLatency[];
  /** From the moment the window could close (end + 2 s of wall-clock time). */
  readonly fromClose: LatencyPercentiles;
  /** From the moment the entry that closes the window was in Redis. */
  readonly fromArrival: LatencyPercentiles;
  /** p99 from the moment the window could close ≤ the job's budget. */
  readonly withinBudget: boolean;
  /** What eddy said when it finished; exit code after SIGTERM. */
  readonly eddyEntries: number;
  readonly exitCode: number | null;
  readonly stopMs: number;
  /** eddy's own view from its progress lines: largest batch receive → commit time, largest consumer-group lag. */
  readonly eddyMaxBatchLatencyMs: number;
  readonly eddyMaxLag: number;
  readonly warnings: readonly string[];
}

/** Runs eddy live, produces at `rate` for at least BENCH_LATENCY_SECONDS, and measures result latency. */
export async function runLatency(options: BenchOptions, rate: number, log: (line: string) => void = console.log): Promise<LatencyReport> {
  if (!existsSync(EDDY_DIST_CLI)) throw new Error(`${EDDY_DIST_CLI} is missing: run \`npm run build\` first (npm run bench does)`);
  const job = sensorStatsJob();
  const { sizeMs } = alignedWindowOf(job);
  const ooo = job.outOfOrdernessMs;
  const server = await startThrowawayRedis();
  const redis = new Redis(server.url);
  const warnings: string[] = [];
  // Progress every second: eddy's own batch latency and lag say whether a slow result was queueing or committing.
  const eddy = spawnJsonChild(process.execPath, [EDDY_BIN, 'run', SENSOR_STATS_JOB, '--redis', server.url, '--progress-ms', '1000'], REPO_ROOT);
  try {
    await eddy.waitForLine((l) => l['msg'] === 'job started');
    log(`latency: eddy running on ${server.url}; producing ${Math.round(rate).toLocaleString('en-US')} entries/s, ${options.keys} keys, ≥ ${options.latencySeconds} s …`);

    // Stop 300 ms after a window can close, so the last whole window is closed by events we sent.
    let stopAt = Infinity;
    const socket = await XaddSocket.connect(server.port);
    const production = await produceSteadily(socket, { rate, keys: options.keys }, (now, startedAt) => {
      if (stopAt === Infinity) {
        const earliest = startedAt + options.latencySeconds * 1000;
        stopAt = Math.ceil((earliest - ooo - 300) / sizeMs) * sizeMs + ooo + 300;
      }
      return now >= stopAt;
    }).finally(() => socket.close());
    log(`  produced ${production.produced.toLocaleString('en-US')} in ${((production.stoppedAt - production.startedAt) / 1000).toFixed(1)} s: ${Math.round(production.achievedRate).toLocaleString('en-US')}/s` +
      (production.skippedTicks > 0 ? ` (${production.skippedTicks} ticks skipped: 50 ms of entries were still waiting for Redis)` : ''));
    if (production.achievedRate < rate * 0.95) {
      warnings.push(`Redis took ${Math.round(production.achievedRate)}/s of the ${Math.round(rate)}/s asked while eddy ran: this machine cannot carry that rate (producer, Redis and eddy share its cores)`);
    }

    // The final short wait: the last closing batch still has to be read, processed and committed.
    await new Promise((r) => setTimeout(r, 1500));
    const byWindow = new Map<number, { end: number; written: number[] }>();
    for (const [id, fields] of await readAll(redis, job.sinks.output)) {
      const start = Number(fieldOf(fields, 'start'));
      // Only windows wholly inside steady production: the first window began before it.
      if (start < production.startedAt) continue;
      let w = byWindow.get(start);
      if (!w) byWindow.set(start, (w = { end: Number(fieldOf(fields, 'end')), written: [] }));
      w.written.push(idMs(id));
    }

    const stopStarted = performance.now();
    eddy.child.kill('SIGTERM');
    const exit = await eddy.exited;
    const stopMs = performance.now() - stopStarted;
    const finished = [...exit.jsonLines].reverse().find((l) => l['msg'] === 'job finished');
    const eddyEntries = typeof finished?.['entries'] === 'number' ? finished['entries'] : NaN;
    if (exit.exitCode !== 0) warnings.push(`eddy exited with ${exit.exitCode ?? exit.signal} after SIGTERM (expected 0):\n${exit.stderrTail}`);
    if (eddyEntries !== production.produced) warnings.push(`eddy processed ${eddyEntries} entries, ${production.produced} were produced`);
    if (byWindow.size === 0) throw new Error(`no window closed during steady production (${production.produced} entries produced); run longer (BENCH_LATENCY_SECONDS)`);

    const windows: WindowLatency[] = [];
    const fromClose: number[] = [];
    const fromArrival: number[] = [];
    for (const [start, { end, written }] of [...byWindow].sort(([a], [b]) => a - b)) {
      const canClose = end + ooo;
      const arrived = (await firstArrivalAtOrAfter(redis, canClose)) ?? NaN;
      const latencies = written.map((t) => t - canClose);
      fromClose.push(...latencies);
      fromArrival.push(...written.map((t) => t - arrived));
      windows.push({ start, results: written.length, p50Ms: percentile(latencies, 50), maxMs: Math.max(...latencies), ingestDelayMs: arrived - canClose });
      if (written.length !== options.keys) warnings.push(`window ${new Date(start).toISOString()} has ${written.length} results, expected one per key (${options.keys})`);
    }
    const summary = (xs: number[]): LatencyPercentiles => ({ p50Ms: percentile(xs, 50), p99Ms: percentile(xs, 99), maxMs: Math.max(...xs) });
    const progress = exit.jsonLines.filter((l) => l['msg'] === 'progress' || l['msg'] === 'job finished');
    const maxOf = (field: string): number => Math.max(0, ...progress.map((l) => (typeof l[field] === 'number' ? l[field] : 0)));
    const report: LatencyReport = {
      targetRate: rate,
      production,
      budgetMs: job.latencyBudgetMs,
      results: fromClose.length,
      windows,
      fromClose: summary(fromClose),
      fromArrival: summary(fromArrival),
      withinBudget: percentile(fromClose, 99) <= job.latencyBudgetMs,
      eddyEntries,
      exitCode: exit.exitCode,
      stopMs,
      eddyMaxBatchLatencyMs: maxOf('maxBatchLatencyMs'),
      eddyMaxLag: maxOf('lag'),
      warnings,
    };
    for (const w of warnings) log(`  WARNING: ${w}`);
    return report;
  } finally {
    if (eddy.child.exitCode === null && eddy.child.signalCode === null) eddy.child.kill('SIGKILL');
    redis.disconnect();
    await server.stop();
  }
}

type StreamEntries = [id: string, fields: string[]][];

function idMs(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

async function readAll(redis: Redis, stream: string): Promise<StreamEntries> {
  const out: StreamEntries = [];
  let from = '-';
  for (;;) {
    const page = (await redis.xrange(stream, from, '+', 'COUNT', 10_000)) as StreamEntries;
    out.push(...page);
    if (page.length < 10_000) return out;
    from = `(${page.at(-1)![0]}`;
  }
}

/**
 * When the first input entry with ts ≥ `time` reached Redis (its ID's milliseconds). Its ID is at
 * least its ts, so every entry before ID `time` is older and the scan starts there.
 */
async function firstArrivalAtOrAfter(redis: Redis, time: number): Promise<number | undefined> {
  let from = `${time}-0`;
  for (;;) {
    const page = (await redis.xrange(SENSOR_STREAM, from, '+', 'COUNT', 5000)) as StreamEntries;
    for (const [id, fields] of page) if (Number(fieldOf(fields, 'ts')) >= time) return idMs(id);
    if (page.length < 5000) return undefined;
    from = `(${page.at(-1)![0]}`;
  }
}

function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** The report as markdown lines. */
export function formatLatency(r: LatencyReport): string[] {
  const verdict = r.withinBudget ? 'within' : '**over**';
  const row = (what: string, p: LatencyPercentiles, budget: string): string => `| ${what} | ${p.p50Ms} ms | ${p.p99Ms} ms | ${p.maxMs} ms | ${budget} |`;
  return [
    `### Latency: eddy run (live), ${Math.round(r.production.achievedRate).toLocaleString('en-US')} entries/s steady (asked ${Math.round(r.targetRate).toLocaleString('en-US')}), ${r.results} results in ${r.windows.length} window(s)`,
    '',
    '| clock starts when | p50 | p99 | max | budget (p99) |',
    '|---|---|---|---|---|',
    row('the window can close (end + 2 s)', r.fromClose, `${r.budgetMs} ms: ${verdict}`),
    row('the entry closing it reached Redis', r.fromArrival, ''),
    '',
    `Per window (p50 / max, entry reached Redis after): ${r.windows.map((w) => `${w.p50Ms}/${w.maxMs} ms (+${w.ingestDelayMs} ms)`).join(', ')}. ` +
      `eddy's own largest batch latency (receive → committed) ${r.eddyMaxBatchLatencyMs.toFixed(0)} ms, largest group lag ${r.eddyMaxLag} entries. ` +
      `SIGTERM → exit ${r.exitCode} in ${r.stopMs.toFixed(0)} ms, ${r.eddyEntries.toLocaleString('en-US')} entries processed.`,
    ...r.warnings.map((w) => `**WARNING**: ${w}`),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = benchOptionsFromEnv();
  runLatency(options, options.rate ?? DEFAULT_LATENCY_RATE).then(
    (report) => console.log(['', ...formatLatency(report)].join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
