// NAB for the context detector (assembly/detectors/context-detector.ts, CAD OSE): runs the release
// WASM build over the 58 NAB series and scores it with eddy's NAB scorer (src/nab/), in three modes:
//   given   NAB's protocol, what the scoreboard used: the file's min and max as inputMin/inputMax,
//           restPeriod = NAB's probation / 5 (what NAB's context_ose_detector.py passed);
//   online  the range learned from the values seen so far (inputMin/inputMax = NaN), restPeriod
//           still NAB's;
//   stream  nothing known about the file: range learned, restPeriod at its default (150).
// Then the speed of the WASM kernel over the whole corpus (range given), and of the kernel and the
// TypeScript reference on a few series (medians of BENCH_RUNS runs). It prints; it never asserts.
//
//   npx tsx bench/nab-context.ts            # all of it
//   npx tsx bench/nab-context.ts --no-speed
//   SWEEP='[{"maxActiveNeurons":7}]' npx tsx bench/nab-context.ts --no-speed --sweep   (parameters under NAB's protocol)
//   BENCH_RUNS=5 npx tsx bench/nab-context.ts --speed-only

import { performance } from 'node:perf_hooks';
import type { NabCorpus } from '../src/nab/nab-corpus.js';
import { loadNabCorpus } from '../src/nab/nab-corpus-loader.js';
import { evaluateNab } from '../src/nab/nab-evaluate.js';
import { NAB_PROFILE_NAMES } from '../src/nab/nab-profiles.js';
import { type ContextParams, ContextReference, contextParamWords } from '../src/reference/detectors/context-reference.js';
import { instantiateKernel, type KernelBuild } from '../src/wasm/kernel-module.js';
import { contextExports, type ContextExports } from '../src/wasm/detector-exports.js';
import { nabProbationRows } from '../src/nab/nab-probation.js';
import { valueRange } from './nab-bench.js';
import { detectorBenchSeries } from './detector-series.js';

/** Published CAD OSE (NAB README): standard / low FP / low FN. */
const PUBLISHED_CAD_OSE = { standard: 69.9, reward_low_FP_rate: 67.0, reward_low_FN_rate: 73.2 } as const;

/** Scores of every row of `values`, from the WASM kernel; also the state's final size. */
function runKernel(k: ContextExports, params: Partial<ContextParams>, times: Float64Array, values: Float64Array): { scores: Float64Array; bytes: number } {
  const words = contextParamWords(params);
  const p = k.reserveScratch(words.byteLength + 64);
  new Float64Array(k.memory.buffer, p, words.length).set(words);
  const s = k.ctxCreate(p);
  const out = k.reserveScratch(64);
  const scores = new Float64Array(values.length);
  // A view per row cost more than some rows' kernel work (allocation and GC): one view, renewed
  // only when linear memory has grown (which detaches the old buffer).
  let buffer = k.memory.buffer;
  let view = new Float64Array(buffer, out, 1);
  for (let i = 0; i < values.length; i++) {
    k.ctxStep(s, times[i]!, values[i]!, out);
    if (k.memory.buffer !== buffer) {
      buffer = k.memory.buffer;
      view = new Float64Array(buffer, out, 1);
    }
    scores[i] = view[0]!;
  }
  const bytes = k.ctxStateBytes(s);
  k.ctxFree(s);
  return { scores, bytes };
}

type Mode = 'given' | 'online' | 'stream';

function paramsFor(mode: Mode, values: Float64Array, extra: Partial<ContextParams>): Partial<ContextParams> {
  const rest = Math.max(1, Math.trunc(nabProbationRows(values.length) / 5));
  switch (mode) {
    case 'given': return { ...valueRange(values), restPeriod: rest, ...extra };
    case 'online': return { restPeriod: rest, ...extra };
    case 'stream': return { ...extra };
  }
}

function scoreMode(corpus: NabCorpus, k: ContextExports, mode: Mode, extra: Partial<ContextParams> = {}): void {
  const t0 = performance.now();
  let maxBytes = 0;
  const scores = corpus.files.map((f) => {
    const r = runKernel(k, paramsFor(mode, f.values, extra), f.timestamps, f.values);
    maxBytes = Math.max(maxBytes, r.bytes);
    return r.scores;
  });
  const seconds = (performance.now() - t0) / 1000;
  const rows = corpus.files.reduce((s, f) => s + f.values.length, 0);
  const ev = evaluateNab(corpus, scores);
  const cells = NAB_PROFILE_NAMES.map((name) => `${name} ${ev[name].normalised.toFixed(1)} (threshold ${ev[name].threshold.toFixed(4)})`);
  const label = Object.keys(extra).length > 0 ? `${mode} ${JSON.stringify(extra)}` : mode;
  console.log(`${label.padEnd(34)} ${cells.join('  ')}  | ${rows} rows in ${seconds.toFixed(1)} s, largest state ${(maxBytes / 1e6).toFixed(2)} MB`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

/** Events/s of the kernel and the reference on the same series, medians of `runs` runs. */
function speed(k: ContextExports, name: string, values: Float64Array, params: Partial<ContextParams>, runs: number, withReference: boolean): void {
  const times = Float64Array.from(values, (_, i) => i);
  const wasm: number[] = [];
  const ref: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    runKernel(k, params, times, values);
    wasm.push(values.length / ((performance.now() - t0) / 1000));
    if (withReference) {
      const t1 = performance.now();
      const d = new ContextReference(params);
      for (const v of values) d.step(v);
      ref.push(values.length / ((performance.now() - t1) / 1000));
    }
  }
  const refText = withReference ? `reference ${median(ref).toFixed(0).padStart(9)} ev/s  (×${(median(wasm) / median(ref)).toFixed(0)})` : 'reference skipped';
  console.log(`${name.padEnd(44)} ${String(values.length).padStart(7)} rows  wasm ${median(wasm).toFixed(0).padStart(9)} ev/s  ${refText}`);
}

/** Events/s of the kernel over the whole corpus (NAB's protocol: range given), median of `runs` runs. */
function corpusSpeed(k: ContextExports, corpus: NabCorpus, runs: number, extra: Partial<ContextParams> = {}): void {
  const rows = corpus.files.reduce((s, f) => s + f.values.length, 0);
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    let ms = 0;
    for (const f of corpus.files) {
      const t0 = performance.now();
      runKernel(k, paramsFor('given', f.values, extra), f.timestamps, f.values);
      ms += performance.now() - t0;
    }
    rates.push(rows / (ms / 1000));
  }
  const label = `NAB corpus, range given${Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : ''}`;
  console.log(`${label.padEnd(44)} ${String(rows).padStart(7)} rows  wasm ${median(rates).toFixed(0).padStart(9)} ev/s  reference skipped`);
}

/** Gaussian white noise (Box–Muller on a fixed LCG), for the speed runs. */
function whiteNoise(n: number, seed: number): Float64Array {
  let x = seed >>> 0;
  const u = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return (x + 0.5) / 4294967296;
  };
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const runs = Number(process.env['BENCH_RUNS'] ?? 3);
  const build: KernelBuild = 'release';
  const k = contextExports(instantiateKernel(build));
  const corpus = await loadNabCorpus();

  if (!args.has('--speed-only')) {
    console.log(`NAB v1.1, ${corpus.files.length} files; published CAD OSE: standard ${PUBLISHED_CAD_OSE.standard}, low FP ${PUBLISHED_CAD_OSE.reward_low_FP_rate}, low FN ${PUBLISHED_CAD_OSE.reward_low_FN_rate}`);
    if (!args.has('--padding') && !args.has('--sweep')) {
      scoreMode(corpus, k, 'given');
      scoreMode(corpus, k, 'online');
      scoreMode(corpus, k, 'stream');
    }
    if (args.has('--padding')) {
      for (const rangePadding of (process.env['PADS'] ?? '0.1,0.25,0.5,1').split(',').map(Number)) scoreMode(corpus, k, 'online', { rangePadding });
    }
    if (args.has('--sweep')) {
      // SWEEP='[{"maxActiveNeurons":7},{"maxLeftSemiContextLength":4}]': each under NAB's protocol.
      for (const extra of JSON.parse(process.env['SWEEP'] ?? '[]') as Partial<ContextParams>[]) {
        scoreMode(corpus, k, 'given', extra);
        scoreMode(corpus, k, 'online', extra);
        scoreMode(corpus, k, 'stream', extra);
        if (!args.has('--no-speed')) {
          corpusSpeed(k, corpus, runs, extra);
          const series = detectorBenchSeries(20_000, 1);
          speed(k, `bench:detectors series, 20k rows ${JSON.stringify(extra)}`, series, extra, runs, false);
        }
      }
      return;
    }
    if (args.has('--bounds')) {
      for (const maxContexts of [16384, 4096, 1024]) scoreMode(corpus, k, 'given', { maxContexts });
    }
  }
  if (!args.has('--no-speed')) {
    const withReference = !args.has('--no-reference');
    corpusSpeed(k, corpus, runs);
    const pick = (path: string) => corpus.files.find((f) => f.path === path)!;
    for (const path of ['realKnownCause/nyc_taxi.csv', 'realTweets/Twitter_volume_FB.csv', 'realAWSCloudwatch/ec2_cpu_utilization_77c1ca.csv']) {
      const f = pick(path);
      speed(k, path, f.values, paramsFor('given', f.values, {}), runs, withReference);
    }
    speed(k, 'white noise, maxContexts 4096', whiteNoise(20_000, 7), { maxContexts: 4096 }, runs, withReference);
    speed(k, 'white noise, maxContexts 4096, 200k rows', whiteNoise(200_000, 7), { maxContexts: 4096 }, runs, false);
  }
}

await main();
