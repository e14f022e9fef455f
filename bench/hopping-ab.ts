// hopping(60 s, 1 s) against tumbling(60 s) on the same events, in one process, controlled
// (ab-runs.ts: alternating order, a GC before each run), and optionally against an older build,
// whose results must be the same bits.
//
//   npx tsx bench/hopping-ab.ts         (the GC is exposed at start-up: ab-runs.ts)
//     HOP_AB_RUNS=7            rounds (medians of these)
//     HOP_AB_DENSITY=1         events per key per second
//     HOP_AB_BASELINE=path     also time hopping on an older build/eddy.wasm (copy it aside first):
//                              before/after of a kernel change in the same process
//     HOP_AB_JOB='{"allowedLateness":"1s"}'   job options for the hopping job (and its baseline),
//                              e.g. a revising one (emit 'update', early('10s')); the default
//                              path is then timed beside it
//     HOP_AB_MODE=both         steady (a running job: one kernel, the next span of event time each
//                              round, no end of input), cold (a fresh kernel and a drain each round),
//                              or both (wasm-windows.ts)
//     BENCH_KERNEL_EVENTS, BENCH_KEYS as for bench/kernels.ts

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { ResolvedJob } from '../src/job/resolved-job.js';
import { resolveJob } from '../src/job/resolve-job.js';
import sensorStats from '../examples/sensor-stats.js';
import { benchOptionsFromEnv } from './bench-options.js';
import { runAb, perRoundRatio, type AbContender, type AbFigure } from './ab-runs.js';
import { kernelEvents, type KernelEvents } from './kernel-events.js';
import { WasmWindows, type RunMode } from './wasm-windows.js';
import { formatRate } from './sample-stats.js';

/** sensor-stats (count, sum, min, max, mean) over another window, with other job options if given. */
export function minuteJob(window: object, options: object = {}): ResolvedJob {
  return resolveJob({ ...sensorStats, window, ...options });
}

/** SHA-1 of every result record's bytes, in order: an older build and this one must write the same bits. */
export function resultDigest(windows: WasmWindows): string {
  const hash = createHash('sha1');
  windows.reset();
  windows.run((kernel, results) => {
    const w = kernel.wasm;
    const bytes = results * w.resultStride() * 8;
    hash.update(kernel.views().u8.subarray(w.resultsPtr(), w.resultsPtr() + bytes));
  });
  return hash.digest('hex');
}

const hopping = { kind: 'hopping', size: '60s', slide: '1s' };

/** The contenders of one A/B, all run the same way (wasm-windows.ts' modes). */
function contendersFor(mode: RunMode, events: KernelEvents, extra: object, label: string, module?: WebAssembly.Module, baseline?: string): AbContender[] {
  const contenders = [
    { name: 'tumbling(60 s)', windows: new WasmWindows(minuteJob({ kind: 'tumbling', size: '60s' }), events, undefined, mode) },
    { name: label, windows: new WasmWindows(minuteJob(hopping, extra), events, undefined, mode) },
  ];
  if (module) contenders.push({ name: `${label} on ${baseline}`, windows: new WasmWindows(minuteJob(hopping, extra), events, module, mode) });
  if (label !== 'hopping(60 s, 1 s)') contenders.push({ name: 'hopping(60 s, 1 s), default options', windows: new WasmWindows(minuteJob(hopping), events, undefined, mode) });
  return contenders;
}

function report(mode: RunMode, figures: readonly AbFigure[], events: KernelEvents, runs: number, compared: boolean): void {
  const what = mode === 'steady'
    ? 'steady: one kernel per contender across rounds, each round the next span of event time, no end of input (a running job)'
    : 'cold: a fresh kernel per round, then end of input (first touch of state memory, and the drain of every open window)';
  console.log(`${what}\n${events.count.toLocaleString('en-US')} events, ${events.keys} keys, ${events.density} per key per second; ${runs} rounds, alternating order, GC before each run; load average before: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const tumbling = figures[0]!;
  const ratio = perRoundRatio;
  for (const f of figures) {
    // Per round as well as of the medians: both ran in the same round, under the same neighbours.
    console.log(`  ${f.name}: ${f.results.toLocaleString('en-US')} results (${(f.results / events.count).toFixed(3)} per event)`);
    console.log(`    wall: median ${f.medianMs.toFixed(1)} ms (${formatRate(f.eventsPerSecond)}), ÷ tumbling ${(f.medianMs / tumbling.medianMs).toFixed(2)}× (per round ${ratio(f.runsMs, tumbling.runsMs).toFixed(2)}×); runs ${f.runsMs.map((x) => x.toFixed(0)).join(' ')}`);
    console.log(`    cpu:  median ${f.medianCpuMs.toFixed(1)} ms (${formatRate((events.count * 1000) / f.medianCpuMs)}), ÷ tumbling ${(f.medianCpuMs / tumbling.medianCpuMs).toFixed(2)}× (per round ${ratio(f.runsCpuMs, tumbling.runsCpuMs).toFixed(2)}×)`);
  }
  if (compared) {
    const [, now, before] = figures;
    console.log(`  baseline ÷ now, per round: wall ${ratio(before!.runsMs, now!.runsMs).toFixed(3)}×, cpu ${ratio(before!.runsCpuMs, now!.runsCpuMs).toFixed(3)}× (${before!.runsCpuMs.map((t, r) => (t / now!.runsCpuMs[r]!).toFixed(2)).join(' ')})`);
  }
  console.log(`  load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

function main(): void {
  const options = benchOptionsFromEnv();
  const runs = Number(process.env['HOP_AB_RUNS'] ?? 7);
  const density = Number(process.env['HOP_AB_DENSITY'] ?? 1);
  const baseline = process.env['HOP_AB_BASELINE'];
  const jobOptions = process.env['HOP_AB_JOB'];
  const modeEnv = process.env['HOP_AB_MODE'] ?? 'both';
  if (!['both', 'steady', 'cold'].includes(modeEnv)) throw new Error(`HOP_AB_MODE must be steady, cold or both (got ${modeEnv})`);
  const modes: RunMode[] = modeEnv === 'both' ? ['steady', 'cold'] : [modeEnv as RunMode];
  const extra = jobOptions ? (JSON.parse(jobOptions) as object) : {};
  const label = jobOptions ? `hopping(60 s, 1 s) ${jobOptions}` : 'hopping(60 s, 1 s)';
  const events = kernelEvents(options.kernelEvents, options.keys, 7, density);
  const module = baseline ? new WebAssembly.Module(readFileSync(baseline)) : undefined;
  if (module) {
    const now = resultDigest(new WasmWindows(minuteJob(hopping, extra), events));
    const before = resultDigest(new WasmWindows(minuteJob(hopping, extra), events, module));
    // Timed all the same (an experiment may break outputs on purpose), but the run fails.
    if (now !== before) {
      console.log(`hopping results DIFFER from the baseline build's (sha1 ${now} vs ${before}): not output-preserving`);
      process.exitCode = 1;
    } else console.log(`hopping results equal the baseline build's, bit for bit (sha1 ${now})`);
  }
  for (const mode of modes) {
    const figures = runAb(contendersFor(mode, events, extra, label, module, baseline), events.count, runs);
    report(mode, figures, events, runs, module !== undefined);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
