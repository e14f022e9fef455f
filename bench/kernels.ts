// Kernel benchmarks (tinybench), no Redis involved:
//
//   windows: the same N events through tumbling 10 s windows with count/sum/min/max, by
//     (a) eddy's WASM kernel, columns written straight into its linear memory, 1000 per batch;
//     (b) the TypeScript reference (src/reference/window-reference.ts), eddy's test oracle;
//     (c) idiomatic JavaScript: Maps of string keys to Maps of window objects.
//   decode: one 1000-entry XREADGROUP reply, as bytes, into key / time / value, by
//     (a) eddy's WASM decoder (appendInput + decode: framing, field matching, number parsing, key interning);
//     (b) ioredis' own path: redis-parser with Buffers, converted to strings as ioredis does, then Number();
//     (c) eddy's reference RESP parser (src/reference/resp-value.ts) and Number().
//   hopping, sessions, rolling: hopping(60 s, 1 s), session and rolling windows against tumbling(60 s), WASM only;
//     hopping also at 1, 4 and 16 events per key per second (A/B rounds, ab-runs.ts).
//
//   npx tsx bench/kernels.ts            (BENCH_KERNEL_EVENTS, BENCH_KEYS, BENCH_KERNEL_TIME_MS)

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Bench, type Task } from 'tinybench';
import { alignedWindowOf, type ResolvedJob } from '../src/job/resolved-job.js';
import { parseReadReply } from '../src/reference/resp-value.js';
import { referenceWindows } from '../src/reference/window-reference.js';
import { STATUS_OK } from '../src/wasm/layout.js';
import { PartitionKernel } from '../src/wasm/partition-kernel.js';
import { benchOptionsFromEnv, type BenchOptions } from './bench-options.js';
import { idiomaticWindows } from './idiomatic-windows.js';
import { kernelEvents, readReplyBytes } from './kernel-events.js';
import { WasmWindows } from './wasm-windows.js';
import { formatHoppingDensity, hoppingAtDensity, type DensityFigure } from './hopping-density.js';
import { formatRate } from './sample-stats.js';
import { sensorStatsJob } from './sensor-stats-job.js';
import sensorStats from '../examples/sensor-stats.js';
import { resolveJob } from '../src/job/resolve-job.js';

/** One contender's figure. */
export interface KernelFigure {
  readonly name: string;
  /** Events (or entries) per second at the median iteration time. */
  readonly eventsPerSecond: number;
  /** Median iteration time, ms. */
  readonly medianMs: number;
  /** tinybench's relative margin of error of the mean, %. */
  readonly rmePercent: number;
  readonly samples: number;
}

/** Both kernel benchmarks' figures. */
export interface KernelReport {
  readonly events: number;
  readonly keys: number;
  readonly windows: readonly KernelFigure[];
  readonly decode: readonly KernelFigure[];
  /** Window results per iteration; equal for all three contenders, or the run fails. */
  readonly resultsPerIteration: number;
  readonly decodeEntriesPerReply: number;
  /** hopping(60 s, 1 s) against tumbling(60 s), both WASM, same events (issue 3's target: within 2×). */
  readonly hopping: readonly KernelFigure[];
  /** The same pair at 1, 4 and 16 events per key per second (same event count and keys), A/B with a GC between runs. */
  readonly hoppingDensity: readonly DensityFigure[];
  /** tumbling(60 s) against session(5 s, maxDuration 60 s) (one session a minute per key) and session(1 s) (a pause every other event), all WASM, same events. */
  readonly sessions: readonly KernelFigure[];
  /** Window results per iteration of each `sessions` contender, in the same order. */
  readonly sessionResults: readonly number[];
  /** tumbling(60 s), rolling({ last: '60s' }) and rolling({ last: '60s', events: 10 }) on the same events: one result per event for rolling. */
  readonly rolling: readonly KernelFigure[];
}

interface RedisParserLike {
  execute(buffer: Buffer): void;
}
type RedisParserClass = new (options: {
  returnBuffers: boolean;
  returnReply: (reply: unknown) => void;
  returnError: (error: Error) => void;
}) => RedisParserLike;

/**
 * ioredis' reply path: the redis-parser it depends on, with Buffers, then its own Buffer → string
 * conversion. Both are internals of ioredis, loaded by path; undefined when the layout changed.
 */
function ioredisReplyPath(): ((bytes: Buffer) => unknown) | undefined {
  const require = createRequire(import.meta.url);
  try {
    const RedisParser = require('redis-parser') as RedisParserClass;
    const { convertBufferToString } = require('ioredis/built/utils/index.js') as { convertBufferToString: (v: unknown, enc: string) => unknown };
    let reply: unknown;
    const parser = new RedisParser({
      returnBuffers: true,
      returnReply: (r) => (reply = r),
      returnError: (e) => {
        throw e;
      },
    });
    return (bytes) => {
      parser.execute(bytes);
      return convertBufferToString(reply, 'utf8');
    };
  } catch {
    return undefined;
  }
}

/** What a consumer does with each parsed entry: find the fields and make numbers of them. Returns a checksum. */
function consumeStringEntries(reply: unknown): number {
  const entries = ((reply as [string, [string, string[]][]][])[0]![1]);
  let check = 0;
  for (const [, fields] of entries) {
    let value = NaN;
    let ts = NaN;
    let key = '';
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === 'sensor') key = fields[i + 1]!;
      else if (fields[i] === 'value') value = Number(fields[i + 1]);
      else if (fields[i] === 'ts') ts = Number(fields[i + 1]);
    }
    check += value + ts + key.length;
  }
  return check;
}

function figure(task: Task, eventsPerOp: number): KernelFigure {
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed') throw new Error(`kernel benchmark ${task.name} did not complete (${r.state})`);
  return {
    name: task.name,
    medianMs: r.latency.p50,
    eventsPerSecond: (eventsPerOp * 1000) / r.latency.p50,
    rmePercent: r.latency.rme,
    samples: r.latency.samplesCount,
  };
}

/** Runs both kernel benchmarks; throws when the contenders disagree on what they computed. */
export async function runKernels(options: BenchOptions, log: (line: string) => void = console.log): Promise<KernelReport> {
  const job = sensorStatsJob();
  const { sizeMs } = alignedWindowOf(job);
  log(`kernels: building ${options.kernelEvents.toLocaleString('en-US')} events over ${options.keys} keys …`);
  const events = kernelEvents(options.kernelEvents, options.keys);

  // Same input, same number of results, or the comparison is meaningless.
  const wasm = new WasmWindows(job, events);
  const wasmResults = wasm.run();
  const reference = referenceWindows(job, events.objects);
  const idiomatic = idiomaticWindows(events.objects, sizeMs, job.outOfOrdernessMs, job.batchSize);
  if (reference.late.length + idiomatic.late !== 0) throw new Error('the kernel benchmark events contain late events; fix kernel-events.ts');
  if (wasmResults !== reference.results.length || idiomatic.results.length !== reference.results.length) {
    throw new Error(`contenders disagree: WASM ${wasmResults}, reference ${reference.results.length}, idiomatic ${idiomatic.results.length} window results`);
  }

  const bench = new Bench({ time: options.kernelTimeMs, iterations: 5, warmupTime: 200, warmupIterations: 2, throws: true });
  let sink = 0;
  bench
    .add('WASM kernel (columns in linear memory)', () => void (sink += wasm.run()), { beforeEach: () => wasm.reset() })
    .add('TypeScript reference (window-reference.ts)', () => void (sink += referenceWindows(job, events.objects).results.length))
    .add('idiomatic JS (Map<string, Map<start, obj>>)', () => void (sink += idiomaticWindows(events.objects, sizeMs, job.outOfOrdernessMs, job.batchSize).results.length));
  log('kernels: windows …');
  await bench.run();
  const windows = bench.tasks.map((t) => figure(t, events.count));

  // Decode: one reply of a full batch, the shape eddy's reader receives.
  const replyEntries = Math.min(job.batchSize, events.count);
  const reply = readReplyBytes(events, 0, replyEntries);
  const decoder = new PartitionKernel(job);
  const decodeOnce = (): number => {
    const frame = decoder.appendInput(reply);
    const n = decoder.decode(frame);
    decoder.consumeFrame(frame);
    return n;
  };
  if (decodeOnce() !== replyEntries) throw new Error('the WASM decoder did not decode every entry of the benchmark reply');
  for (let i = 0; i < replyEntries; i++) {
    if (decoder.status(i) !== STATUS_OK) throw new Error(`the WASM decoder left entry ${i} to the host (status ${decoder.status(i)}); the benchmark would measure the fallback`);
  }
  const ioredisPath = ioredisReplyPath();
  const decodeBench = new Bench({ time: options.kernelTimeMs, iterations: 20, warmupTime: 200, throws: true });
  decodeBench.add('WASM decoder (appendInput + decode)', () => void (sink += decodeOnce()));
  if (ioredisPath) decodeBench.add('ioredis path (redis-parser + strings + Number)', () => void (sink += consumeStringEntries(ioredisPath(reply))));
  else log('  redis-parser / ioredis internals not found: the ioredis contender is skipped');
  decodeBench.add('reference parser (resp-value.ts + Number)', () => {
    for (const e of parseReadReply(reply)) {
      for (const [name, value] of e.fields ?? []) if (name.length !== 6) sink += Number(value.toString('latin1'));
    }
  });
  log('kernels: decode …');
  await decodeBench.run();
  const decode = decodeBench.tasks.map((t) => figure(t, replyEntries));

  // Hopping vs tumbling on the same events: an event costs a pane slot (a tumbling(1 s) window's
  // worth of work) and a result a few merges (pane-blocks.ts), whatever size/slide is.
  const minute = (window: object): ResolvedJob => resolveJob({ ...sensorStats, window });
  const tumblingMinute = new WasmWindows(minute({ kind: 'tumbling', size: '60s' }), events);
  const hoppingMinute = new WasmWindows(minute({ kind: 'hopping', size: '60s', slide: '1s' }), events);
  const hoppingBench = new Bench({ time: options.kernelTimeMs, iterations: 5, warmupTime: 200, warmupIterations: 2, throws: true });
  hoppingBench
    .add('WASM tumbling(60 s)', () => void (sink += tumblingMinute.run()), { beforeEach: () => tumblingMinute.reset() })
    .add('WASM hopping(60 s, 1 s)', () => void (sink += hoppingMinute.run()), { beforeEach: () => hoppingMinute.reset() });
  log('kernels: hopping vs tumbling …');
  await hoppingBench.run();
  const hopping = hoppingBench.tasks.map((t) => figure(t, events.count));

  // Where hopping's cost comes from: results, not events. Same events per key, denser in time, so
  // fewer windows: at 1 event per key per second hopping writes one result per event, at 16 one
  // per 16 events per key (tumbling(60 s) one per 60 × density).
  log('kernels: hopping vs tumbling by density (A/B, GC between runs) …');
  const hoppingDensity = [1, 2, 4, 16].map((density) => hoppingAtDensity(density === 1 ? events : kernelEvents(options.kernelEvents, options.keys, 7, density), minute));

  // Sessions vs tumbling on the same events: per event, a walk of the key's (one) open session and,
  // now and then, a heap refresh; per result, a heap pop (session-ends.ts).
  const sessionLong = new WasmWindows(minute({ kind: 'session', gap: '5s', maxDuration: '60s' }), events);
  const sessionShort = new WasmWindows(minute({ kind: 'session', gap: '1s' }), events);
  const sessionResults = [tumblingMinute, sessionLong, sessionShort].map((w) => {
    w.reset();
    const n = w.run();
    w.reset();
    return n;
  });
  const sessionBench = new Bench({ time: options.kernelTimeMs, iterations: 5, warmupTime: 200, warmupIterations: 2, throws: true });
  sessionBench
    .add('WASM tumbling(60 s)', () => void (sink += tumblingMinute.run()), { beforeEach: () => tumblingMinute.reset() })
    .add('WASM session(5 s, maxDuration 60 s)', () => void (sink += sessionLong.run()), { beforeEach: () => sessionLong.reset() })
    .add('WASM session(1 s)', () => void (sink += sessionShort.run()), { beforeEach: () => sessionShort.reset() });
  log('kernels: sessions vs tumbling …');
  await sessionBench.run();
  const sessions = sessionBench.tasks.map((t) => figure(t, events.count));

  // Rolling vs tumbling on the same events: an event waits in a heap for the watermark, then costs
  // an append, a head fold and one merge (tail ⊕ head), and writes a result (rolling-keys.ts).
  const rollingMinute = new WasmWindows(minute({ kind: 'rolling', last: '60s' }), events);
  const rollingTen = new WasmWindows(minute({ kind: 'rolling', last: '60s', events: 10 }), events);
  const rollingBench = new Bench({ time: options.kernelTimeMs, iterations: 5, warmupTime: 200, warmupIterations: 2, throws: true });
  rollingBench
    .add('WASM tumbling(60 s)', () => void (sink += tumblingMinute.run()), { beforeEach: () => tumblingMinute.reset() })
    .add("WASM rolling({ last: '60s' })", () => void (sink += rollingMinute.run()), { beforeEach: () => rollingMinute.reset() })
    .add("WASM rolling({ last: '60s', events: 10 })", () => void (sink += rollingTen.run()), { beforeEach: () => rollingTen.reset() });
  log('kernels: rolling vs tumbling …');
  await rollingBench.run();
  const rolling = rollingBench.tasks.map((t) => figure(t, events.count));
  if (sink === 0) log('(sink is zero: nothing was computed?)');
  return { events: events.count, keys: events.keys, windows, decode, resultsPerIteration: wasmResults, decodeEntriesPerReply: replyEntries, hopping, hoppingDensity, sessions, sessionResults, rolling };
}

/** The report as markdown lines: rates, and how many times faster the WASM contender (always first) is than each. */
export function formatKernels(r: KernelReport): string[] {
  const table = (figures: readonly KernelFigure[]): string[] => [
    '| contender | events/s (median) | median per op | ±rme | samples | WASM ÷ this |',
    '|---|---|---|---|---|---|',
    ...figures.map((f) => `| ${f.name} | ${formatRate(f.eventsPerSecond)} | ${f.medianMs.toFixed(3)} ms | ${f.rmePercent.toFixed(1)}% | ${f.samples} | ${(figures[0]!.eventsPerSecond / f.eventsPerSecond).toFixed(1)}× |`),
  ];
  return [
    `### Kernels: tumbling 10 s, count/sum/min/max — ${r.events.toLocaleString('en-US')} events, ${r.keys} keys, ${r.resultsPerIteration.toLocaleString('en-US')} results per op`,
    '',
    ...table(r.windows),
    '',
    `### Decode: one XREAD(GROUP) reply of ${r.decodeEntriesPerReply} entries (sensor, value, ts)`,
    '',
    ...table(r.decode),
    '',
    `### Hopping(60 s, 1 s) vs tumbling(60 s), WASM, same events (one event per key per second: 60 results per tumbling one)`,
    '',
    ...table(r.hopping),
    '',
    `hopping ÷ tumbling time per event: ${(r.hopping[0]!.eventsPerSecond / r.hopping[1]!.eventsPerSecond).toFixed(1)}× (issue 3's target: at most 2×; tinybench without a GC between kernels: the A/B rows below, 1 event/key/s, are the controlled figure)`,
    '',
    ...formatHoppingDensity(r.hoppingDensity, r.events, r.keys),
    `### Sessions vs tumbling(60 s), WASM, same events (results per op: ${r.sessionResults.map((n) => n.toLocaleString('en-US')).join(' · ')})`,
    '',
    ...table(r.sessions),
    '',
    `### Rolling vs tumbling(60 s), WASM, same events (rolling: one result per event, ${r.events.toLocaleString('en-US')} per op)`,
    '',
    ...table(r.rolling),
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runKernels(benchOptionsFromEnv()).then(
    (report) => console.log(['', ...formatKernels(report)].join('\n')),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
