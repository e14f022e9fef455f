// One kernel run over the kernel benchmark's events, nothing else: the process valgrind's cache
// simulation watches (callgrind --cache-sim=yes) to count which wasm functions miss in D1 / LL,
// hopping(60 s, 1 s) against tumbling(60 s) (DESIGN.md "Hopping windows").
//
//   node --import tsx --no-liftoff --no-wasm-trap-handler --perf-basic-prof \
//     bench/hopping-cache-sim.ts hopping|tumbling [build.wasm]
//
// The perf map (/tmp/perf-<pid>.map) names the wasm functions' code ranges; a build compiled
// with --debug keeps their names (the code is the release build's).

import { readFileSync } from 'node:fs';
import { benchOptionsFromEnv } from './bench-options.js';
import { minuteJob } from './hopping-ab.js';
import { kernelEvents } from './kernel-events.js';
import { WasmWindows } from './wasm-windows.js';

const kind = process.argv[2] ?? 'hopping';
const build = process.argv[3];
const options = benchOptionsFromEnv();
const density = Number(process.env['HOP_AB_DENSITY'] ?? 1);
const events = kernelEvents(options.kernelEvents, options.keys, 7, density);
const window = kind === 'tumbling' ? { kind: 'tumbling', size: '60s' } : { kind: 'hopping', size: '60s', slide: '1s' };
const module = build ? new WebAssembly.Module(readFileSync(build)) : undefined;
const windows = new WasmWindows(minuteJob(window), events, module);
const t0 = performance.now();
const results = windows.run();
console.log(`${kind}: ${results} results, ${(performance.now() - t0).toFixed(0)} ms`);
