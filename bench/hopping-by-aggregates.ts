// hopping(60 s, 1 s) ÷ tumbling(60 s) for three sets of aggregates, in one process, controlled
// (ab-runs.ts): fewer scalar aggregates make a hopping slot smaller (count/sum/min/max: 96 bytes,
// count/sum/max: 80, count/sum: 64, one cache line) and its merges fewer, so this says how much of
// hopping's gap follows slot size (DESIGN.md "Hopping windows", seventh session).
//
//   node --expose-gc --import tsx bench/hopping-by-aggregates.ts     (HOP_AB_RUNS, default 9;
//   BENCH_KERNEL_EVENTS, BENCH_KEYS as for bench/kernels.ts; one event per key per second)

import { count, max, min, sum } from '../src/index.js';
import { benchOptionsFromEnv } from './bench-options.js';
import { runAb, perRoundRatio } from './ab-runs.js';
import { kernelEvents } from './kernel-events.js';
import { WasmWindows } from './wasm-windows.js';
import { minuteJob } from './hopping-ab.js';

const options = benchOptionsFromEnv();
const events = kernelEvents(options.kernelEvents, options.keys, 7, 1);
const hopping = { kind: 'hopping', size: '60s', slide: '1s' };
const tumbling = { kind: 'tumbling', size: '60s' };
const sets = [
  { name: 'count/sum/min/max (96-byte hopping slots)', aggregates: { count: count(), sum: sum('value'), min: min('value'), max: max('value') } },
  { name: 'count/sum/max (80-byte)', aggregates: { count: count(), sum: sum('value'), max: max('value') } },
  { name: 'count/sum (64-byte)', aggregates: { count: count(), sum: sum('value') } },
];
const contenders = sets.flatMap((set) => [
  { name: `tumbling(60 s), ${set.name}`, windows: new WasmWindows(minuteJob(tumbling, { aggregates: set.aggregates }), events) },
  { name: `hopping(60 s, 1 s), ${set.name}`, windows: new WasmWindows(minuteJob(hopping, { aggregates: set.aggregates }), events) },
]);
const figures = runAb(contenders, events.count, Number(process.env['HOP_AB_RUNS'] ?? 9));
for (let i = 0; i < figures.length; i += 2) {
  const [t, h] = [figures[i]!, figures[i + 1]!];
  console.log(`${sets[i / 2]!.name}: hopping ${h.medianMs.toFixed(1)} ms, tumbling ${t.medianMs.toFixed(1)} ms, ÷ ${perRoundRatio(h.runsMs, t.runsMs).toFixed(2)}× per round (cpu ${perRoundRatio(h.runsCpuMs, t.runsCpuMs).toFixed(2)}×)`);
}
