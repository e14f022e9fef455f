// Quantile sketch benchmark (tinybench), no Redis involved: one op = a fresh sketch, N lognormal
// values added, p50 / p90 / p99 read, by
//   (a) eddy's WASM DDSketch (release build), ddsAddMany over batches of 1000 values copied into
//       linear memory (the window kernel's batch size: the real path, copy included);
//   (b) the same kernel with one ddsAdd call per value (what the host → WASM crossing costs);
//   (c) the TypeScript reference (src/reference/ddsketch-reference.ts), eddy's test oracle;
//   (d) @datadog/sketches-js: DDSketch (unbounded dense store) and LogCollapsingLowestDenseDDSketch
//       (2048 bins, the same bound as eddy's);
//   (e) tdigest (Dunning's t-digest, the npm library the issue names), push per value.
// Every contender's quantiles are checked against the exact ones and printed with their error.
//
//   npx tsx bench/sketches-ddsketch.ts     (BENCH_SKETCH_VALUES, default 1000000; BENCH_SKETCH_TIME_MS, default 3000)

import { createRequire } from 'node:module';
import { DDSketch, LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import { Bench, type Task } from 'tinybench';
import { DDSketchReference } from '../src/reference/ddsketch-reference.js';
import { ddsketchExports } from '../src/wasm/ddsketch-exports.js';
import { instantiateKernel } from '../src/wasm/kernel-module.js';
import { formatRate } from './sample-stats.js';
import { seededRandom } from '../src/demo/seeded-random.js';

/** The part of tdigest's untyped CommonJS API used here. */
interface TDigestLike {
  push(x: number): void;
  compress(): void;
  percentile(p: number): number;
  size(): number;
}
type TDigestClass = new (delta?: number, K?: number, CX?: number) => TDigestLike;

const QUANTILES = [0.5, 0.9, 0.99] as const;
const ALPHA = 0.01;
const MAX_BINS = 2048;
const BATCH = 1000;

const n = Number(process.env['BENCH_SKETCH_VALUES'] ?? 1_000_000);
const timeMs = Number(process.env['BENCH_SKETCH_TIME_MS'] ?? 3000);

/** Latency-like data: lognormal, median 20, σ = 1 (p99 ≈ 10× the median). */
function lognormalValues(count: number, seed: number): Float64Array {
  const r = seededRandom(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    out[i] = 20 * Math.exp(z);
  }
  return out;
}

const values = lognormalValues(n, 42);
const sorted = values.slice().sort();
const exact = QUANTILES.map((q) => sorted[Math.floor(q * (n - 1))]!);

const kernel = ddsketchExports(instantiateKernel('release'));
const TDigest = (createRequire(import.meta.url)('tdigest') as { TDigest: TDigestClass }).TDigest;

/** Bytes per sketch, as each contender's state can be counted (see the notes printed below). */
const bytes = new Map<string, string>();

function wasmAddMany(): number[] {
  const s = kernel.ddsCreate(ALPHA, MAX_BINS);
  const p = kernel.reserveScratch(BATCH * 8);
  // Taken after the allocations above: growing linear memory detaches earlier views.
  let view = new Float64Array(kernel.memory.buffer, p, BATCH);
  for (let from = 0; from < n; from += BATCH) {
    const count = Math.min(BATCH, n - from);
    if (view.buffer !== kernel.memory.buffer) view = new Float64Array(kernel.memory.buffer, p, BATCH);
    view.set(values.subarray(from, from + count));
    kernel.ddsAddMany(s, p, count);
  }
  const out = QUANTILES.map((q) => kernel.ddsQuantile(s, q));
  bytes.set('wasm', `${kernel.ddsBytes(s)} B (header 128 + f64 bins, ddsBytes)`);
  kernel.ddsFree(s);
  return out;
}

function wasmAddEach(): number[] {
  const s = kernel.ddsCreate(ALPHA, MAX_BINS);
  for (let i = 0; i < n; i++) kernel.ddsAdd(s, values[i]!);
  const out = QUANTILES.map((q) => kernel.ddsQuantile(s, q));
  kernel.ddsFree(s);
  return out;
}

function reference(): number[] {
  const s = new DDSketchReference(ALPHA, MAX_BINS);
  for (let i = 0; i < n; i++) s.add(values[i]!);
  bytes.set('reference', `${s.bins().length} bins in a Map (~${s.bins().length * 40} B at V8's ~40 B per Map entry, estimated)`);
  return QUANTILES.map((q) => s.quantile(q));
}

function datadog(sketch: DDSketch): number[] {
  for (let i = 0; i < n; i++) sketch.accept(values[i]!);
  const binCount = sketch.store.bins.length + sketch.negativeStore.bins.length;
  bytes.set(sketch instanceof LogCollapsingLowestDenseDDSketch ? 'datadog-collapsing' : 'datadog', `${binCount} bins in JS arrays (≥ ${binCount * 8} B of doubles)`);
  return QUANTILES.map((q) => sketch.getValueAtQuantile(q));
}

function tdigest(): number[] {
  const t = new TDigest();
  for (let i = 0; i < n; i++) t.push(values[i]!);
  t.compress();
  bytes.set('tdigest', `${t.size()} centroids, each a {mean, n} object in a red-black tree node (~100 B each, estimated)`);
  return QUANTILES.map((q) => t.percentile(q));
}

const contenders: [string, string, () => number[]][] = [
  ['wasm', 'WASM ddsAddMany (batches of 1000, release)', wasmAddMany],
  ['wasm-each', 'WASM ddsAdd per value (release)', wasmAddEach],
  ['reference', 'TypeScript reference (ddsketch-reference.ts)', reference],
  ['datadog', '@datadog/sketches-js DDSketch', () => datadog(new DDSketch({ relativeAccuracy: ALPHA }))],
  ['datadog-collapsing', '@datadog/sketches-js LogCollapsingLowestDenseDDSketch (2048)', () => datadog(new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: ALPHA, binLimit: MAX_BINS }))],
  ['tdigest', 'tdigest (push per value)', tdigest],
];

function relError(got: readonly number[]): string {
  return got.map((g, i) => `${((Math.abs(g - exact[i]!) / exact[i]!) * 100).toFixed(3)}%`).join(' / ');
}

function medianMs(task: Task): number {
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed') throw new Error(`benchmark ${task.name} did not complete (${r.state})`);
  return r.latency.p50;
}

async function main(): Promise<void> {
  console.log(`sketches: ${n.toLocaleString('en-US')} lognormal values (median 20, σ 1), α = ${ALPHA}; exact p50/p90/p99 = ${exact.map((x) => x.toFixed(4)).join(' / ')}`);
  console.log('');
  console.log('| contender | p50 / p90 / p99 relative error |');
  console.log('|---|---|');
  for (const [, name, run] of contenders) {
    const got = run();
    // DDSketch contenders promise α; t-digest promises nothing relative, so it is only reported.
    const errors = relError(got);
    console.log(`| ${name} | ${errors} |`);
  }

  const bench = new Bench({ time: timeMs, iterations: 5, warmupTime: 500, warmupIterations: 2, throws: true });
  let sink = 0;
  for (const [, name, run] of contenders) bench.add(name, () => void (sink += run()[0]!));
  await bench.run();
  if (sink === 0) console.log('(sink is zero: nothing was computed?)');

  const rows = bench.tasks.map((t) => ({ name: t.name, ms: medianMs(t), samples: t.result.state === 'completed' ? t.result.latency.samplesCount : 0 }));
  const wasm = rows[0]!;
  console.log('');
  console.log(`| contender | values/s (median) | median per op (${n.toLocaleString('en-US')} adds + 3 quantiles) | samples | WASM addMany ÷ this |`);
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${formatRate((n * 1000) / r.ms)} | ${r.ms.toFixed(2)} ms | ${r.samples} | ${(r.ms / wasm.ms).toFixed(1)}× |`);
  }
  console.log('');
  console.log('State per sketch after the op:');
  for (const [key, name] of contenders) {
    if (bytes.has(key)) console.log(`- ${name}: ${bytes.get(key)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
