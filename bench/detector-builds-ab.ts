// Two builds of the WASM kernel, A and B, compared on the detectors in one process: first every
// output word (a sha256 per build over every row, which must match before any speed means
// anything), then speed, alternating A and B with a GC between runs, medians of BENCH_RUNS.
// Rates are per second of this process's CPU time (user + system), not wall time: on a shared
// 2-core machine wall time counts the waits for a core. Even so only the B ÷ A ratio of one run
// means much; caches and the other core's load still move the absolute rates.
//
//   cp build/eddy.wasm /tmp/a.wasm   # before the change; rebuild after it
//   node --expose-gc --import tsx bench/detector-builds-ab.ts /tmp/a.wasm build/eddy.wasm series spike-dip mad
//   node --expose-gc --import tsx bench/detector-builds-ab.ts /tmp/a.wasm build/eddy.wasm nab [file …]
//
// `series`: the named detectors at their defaults over bench/detector-series.ts's 1M rows (the series bench/detectors.ts runs on)
// (BENCH_DETECTOR_ROWS); `mad:window=1024` passes params. `nab`: context over NAB's 58 files row
// by row as bench/nab-context.ts drives it, range given (NAB's protocol) — the whole corpus, plus
// each named file alone; the hash also covers the corpus with the range learned and 20k rows of
// white noise. BENCH_HASH=0 skips the hash, BENCH_CORPUS=0 the whole-corpus speed run,
// BENCH_CONTEXT_PARAMS='{"maxActiveNeurons":15}' sets context params over the defaults in nab mode.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { detectorBenchSeries, whiteNoise } from './detector-series.js';
import { DETECTORS_BEST_FIRST, resolveDetectorParams, type ResolvedDetector } from '../src/detect/detector-catalog.js';
import { runResolvedSeries } from '../src/detect/series-detector.js';
import { loadNabCorpus } from '../src/nab/nab-corpus-loader.js';
import { nabProbationRows } from '../src/nab/nab-probation.js';
import { type ContextParams, contextParamWords } from '../src/reference/detectors/context-reference.js';
import { contextExports, detectorExports, type ContextExports, type DetectorExports } from '../src/wasm/detector-exports.js';
import type { KernelExports } from '../src/wasm/kernel-module.js';
import { valueRange } from './nab-bench.js';
import { formatRate, median } from './sample-stats.js';

const runs = Number(process.env['BENCH_RUNS'] ?? 7);
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});

function instantiate(path: string): KernelExports {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), {
    env: { abort: (): never => { throw new Error(`${path}: WASM kernel aborted`); } },
  });
  return instance.exports as unknown as KernelExports;
}

function sha(chunks: readonly Float64Array[]): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return h.digest('hex').slice(0, 16);
}

/** Runs `work` for A and B alternately (A first on even runs), a GC before each; rows/s medians. */
function alternate(label: string, rows: number, a: () => void, b: () => void): void {
  const rates: [number[], number[]] = [[], []];
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const which of order) {
      gc();
      const t0 = process.cpuUsage();
      (which === 0 ? a : b)();
      const used = process.cpuUsage(t0);
      rates[which]!.push((rows * 1e6) / (used.user + used.system));
    }
  }
  const [ma, mb] = [median(rates[0]), median(rates[1])];
  console.log(`${label.padEnd(40)} A ${formatRate(ma).padStart(11)}  B ${formatRate(mb).padStart(11)}  B÷A ${(mb / ma).toFixed(2)}×`);
}

function seriesMode(ka: DetectorExports, kb: DetectorExports, names: readonly string[]): void {
  const n = Number(process.env['BENCH_DETECTOR_ROWS'] ?? 1_000_000);
  const values = detectorBenchSeries(n, 42);
  const times = Float64Array.from({ length: n }, (_, i) => i * 1000);
  const chosen = names.length > 0 ? names : DETECTORS_BEST_FIRST.map((s) => s.name).filter((x) => x !== 'context');
  for (const name of chosen) {
    // `mad:window=1024` sets params.
    const [detector, ...sets] = name.split(':');
    const params = Object.fromEntries(sets.map((kv) => kv.split('=') as [string, string]));
    const d: ResolvedDetector = resolveDetectorParams(detector!, params);
    const [ha, hb] = [sha([runResolvedSeries(ka, d, times, values)]), sha([runResolvedSeries(kb, d, times, values)])];
    console.log(`${name}: sha256 A ${ha} B ${hb} ${ha === hb ? 'equal' : 'DIFFER'}`);
    if (ha !== hb) process.exitCode = 1;
    alternate(`${name} (${n} rows)`, n, () => void runResolvedSeries(ka, d, times, values), () => void runResolvedSeries(kb, d, times, values));
  }
}

/** Every output word of every row, as bench/nab-context.ts drives the state (one ctxStep per row). */
function runContext(k: ContextExports, params: Partial<ContextParams>, times: Float64Array, values: Float64Array): Float64Array {
  const words = contextParamWords(params);
  const p = k.reserveScratch(words.byteLength + 64);
  new Float64Array(k.memory.buffer, p, words.length).set(words);
  const s = k.ctxCreate(p);
  const out = k.reserveScratch(64);
  const rows = new Float64Array(values.length * 7);
  let buffer = k.memory.buffer;
  let view = new Float64Array(buffer, out, 7);
  for (let i = 0; i < values.length; i++) {
    k.ctxStep(s, times[i]!, values[i]!, out);
    if (k.memory.buffer !== buffer) {
      buffer = k.memory.buffer;
      view = new Float64Array(buffer, out, 7);
    }
    rows.set(view, i * 7);
  }
  k.ctxFree(s);
  return rows;
}

async function nabMode(ka: ContextExports, kb: ContextExports, files: readonly string[]): Promise<void> {
  const corpus = await loadNabCorpus();
  // BENCH_CONTEXT_PARAMS='{"maxActiveNeurons":15}': over the defaults, in every run below.
  const extra = JSON.parse(process.env['BENCH_CONTEXT_PARAMS'] ?? '{}') as Partial<ContextParams>;
  const given = (v: Float64Array): Partial<ContextParams> => ({ ...valueRange(v), restPeriod: Math.max(1, Math.trunc(nabProbationRows(v.length) / 5)), ...extra });
  const learned = (v: Float64Array): Partial<ContextParams> => ({ restPeriod: Math.max(1, Math.trunc(nabProbationRows(v.length) / 5)), ...extra });
  const noise = whiteNoise(20_000, 7);
  const noiseTimes = Float64Array.from({ length: noise.length }, (_, i) => i * 60_000);
  const everything = (k: ContextExports): string => sha([
    ...corpus.files.map((f) => runContext(k, given(f.values), f.timestamps, f.values)),
    ...corpus.files.map((f) => runContext(k, learned(f.values), f.timestamps, f.values)),
    runContext(k, { maxContexts: 4096, ...extra }, noiseTimes, noise),
  ]);
  // BENCH_HASH=0 skips the comparison (for profiling one side).
  if (process.env['BENCH_HASH'] !== '0') {
    const [ha, hb] = [everything(ka), everything(kb)];
    console.log(`context, NAB 58 files given + learned + white noise: sha256 A ${ha} B ${hb} ${ha === hb ? 'equal' : 'DIFFER'}`);
    if (ha !== hb) process.exitCode = 1;
  }
  for (const name of files) {
    const f = corpus.files.find((x) => x.path.includes(name));
    if (!f) throw new Error(`no NAB file matches ${name}`);
    const p = given(f.values);
    alternate(`${f.path.split('/').pop()} (${f.values.length} rows)`, f.values.length, () => void runContext(ka, p, f.timestamps, f.values), () => void runContext(kb, p, f.timestamps, f.values));
  }
  if (process.env['BENCH_CORPUS'] === '0') return;
  const total = corpus.files.reduce((s, f) => s + f.values.length, 0);
  const all = (k: ContextExports) => (): void => { for (const f of corpus.files) runContext(k, given(f.values), f.timestamps, f.values); };
  alternate(`NAB corpus, range given (${total} rows)`, total, all(ka), all(kb));
}

async function main(): Promise<void> {
  const [pathA, pathB, mode, ...rest] = process.argv.slice(2);
  if (pathA === undefined || pathB === undefined || (mode !== 'series' && mode !== 'nab')) {
    throw new Error('usage: detector-builds-ab.ts A.wasm B.wasm series|nab [detector or NAB file …]');
  }
  const [a, b] = [instantiate(pathA), instantiate(pathB)];
  console.log(`A = ${pathA}, B = ${pathB}; medians of ${runs} alternating runs`);
  if (mode === 'series') seriesMode(detectorExports(a), detectorExports(b), rest);
  else await nabMode(contextExports(a), contextExports(b), rest);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
