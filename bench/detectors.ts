// Anomaly-detector benchmark (tinybench), no Redis involved: one op = one detector over the same
// 1M-row series (Gaussian noise around 100 with a spike every 1000 rows, a dip every 1500, a level
// shift every 5000), by
//   (a) the WASM kernel, release build, through runResolvedSeries: 4096-row chunks copied into
//       linear memory and the rows copied back out (the real host path, copies included);
//   (b) the TypeScript reference (src/reference/detectors/), eddy's test oracle.
// Every detector at its catalog defaults, plus mad with a 1024-value window to show what the
// sorted window's memmove costs as N grows (WASM only: the reference sorts 1024 values twice per
// event, minutes per op). Target: ≥ 2 M events/s per core for every WASM detector.
//
//   npx tsx bench/detectors.ts     (BENCH_DETECTOR_ROWS, default 1000000; BENCH_DETECTOR_TIME_MS, default 2000)

import { Bench, type Task } from 'tinybench';
import { DET_ANOMALY, DET_OUT_F64 } from '../src/detect/detector-output.js';
import { DETECTORS_BEST_FIRST, resolveDetectorParams, type ResolvedDetector } from '../src/detect/detector-catalog.js';
import { runResolvedSeries } from '../src/detect/series-detector.js';
import { runReference } from '../src/reference/detectors/detector-reference.js';
import { referenceFor } from '../src/reference/detectors/reference-for.js';
import { detectorExports } from '../src/wasm/detector-exports.js';
import { instantiateKernel } from '../src/wasm/kernel-module.js';
import { formatRate } from './sample-stats.js';
import { detectorBenchSeries } from './detector-series.js';

const n = Number(process.env['BENCH_DETECTOR_ROWS'] ?? 1_000_000);
const timeMs = Number(process.env['BENCH_DETECTOR_TIME_MS'] ?? 2000);

const allValues = detectorBenchSeries(n, 42);
const allTimes = Float64Array.from({ length: n }, (_, i) => i * 1000);
const kernel = detectorExports(instantiateKernel('release'));

function flagged(rows: Float64Array): number {
  let f = 0;
  for (let i = DET_ANOMALY; i < rows.length; i += DET_OUT_F64) f += rows[i]!;
  return f;
}

interface Contender {
  readonly label: string;
  readonly detector: ResolvedDetector;
  readonly withReference: boolean;
  /** Rows per op: the first `rows` of the series. */
  readonly rows: number;
}

// Every detector runs over all the rows. context's reference (CAD OSE line by line, ~4k rows/s
// while its model fills) would take minutes over 1M rows, so it is compared and timed on the
// first 20k, beside the kernel on the same 20k. context also runs with CAD OSE's own
// maxActiveNeurons (15; eddy's default is 1: DESIGN.md "Anomaly detection").
const REFERENCE_ROWS = Math.min(n, 20_000);

const contenders: Contender[] = [
  ...DETECTORS_BEST_FIRST.map((spec) => ({ label: `${spec.name} (defaults)`, detector: resolveDetectorParams(spec.name, {}), withReference: spec.name !== 'context', rows: n })),
  { label: 'context (defaults)', detector: resolveDetectorParams('context', {}), withReference: true, rows: REFERENCE_ROWS },
  { label: 'context (maxActiveNeurons 15, CAD OSE\'s)', detector: resolveDetectorParams('context', { maxActiveNeurons: 15 }), withReference: false, rows: n },
  { label: 'mad (window 1024)', detector: resolveDetectorParams('mad', { window: 1024 }), withReference: false, rows: n },
];

function medianMs(task: Task): number {
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed') throw new Error(`benchmark ${task.name} did not complete (${r.state})`);
  return r.latency.p50;
}

async function main(): Promise<void> {
  console.log(`detectors: ${n.toLocaleString('en-US')} rows per op (context's reference: the first ${REFERENCE_ROWS.toLocaleString('en-US')})`);
  const bench = new Bench({ time: timeMs, iterations: 3, warmupTime: 200, warmupIterations: 1, throws: true });
  let sink = 0;
  for (const [i, c] of contenders.entries()) {
    const times = allTimes.subarray(0, c.rows);
    const values = allValues.subarray(0, c.rows);
    // Both sides must agree before their speeds mean anything.
    if (c.withReference) {
      const a = runResolvedSeries(kernel, c.detector, times, values);
      const b = runReference(referenceFor(c.detector.spec.kind, c.detector.words), times, values);
      for (let i = 0; i < a.length; i++) {
        if (!Object.is(a[i], b[i])) throw new Error(`${c.label}: WASM and reference differ at row ${Math.floor(i / DET_OUT_F64)}`);
      }
    }
    bench.add(`${i} WASM`, () => void (sink += flagged(runResolvedSeries(kernel, c.detector, times, values))));
    if (c.withReference) {
      bench.add(`${i} reference`, () => void (sink += flagged(runReference(referenceFor(c.detector.spec.kind, c.detector.words), times, values))));
    }
  }
  await bench.run();
  if (sink === 0) console.log('(sink is zero: nothing was flagged?)');

  const ms = new Map(bench.tasks.map((t) => [t.name, medianMs(t)]));
  console.log('');
  console.log('| detector | WASM events/s (median) | reference events/s (median) | WASM ÷ reference |');
  console.log('|---|---|---|---|');
  for (const [i, c] of contenders.entries()) {
    const wasm = ms.get(`${i} WASM`)!;
    const ref = ms.get(`${i} reference`);
    const refRate = ref === undefined ? '—' : formatRate((c.rows * 1000) / ref);
    const ratio = ref === undefined ? '—' : `${(ref / wasm).toFixed(1)}×`;
    console.log(`| ${c.label}${c.rows === n ? '' : ` (${c.rows.toLocaleString('en-US')} rows)`} | ${formatRate((c.rows * 1000) / wasm)} | ${refRate} | ${ratio} |`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
