// One kernel run over the kernel benchmark's events, nothing else: the process valgrind's cache
// simulation watches (callgrind --cache-sim=yes) to count which wasm functions miss in D1 / LL,
// hopping(60 s, 1 s) against tumbling(60 s) (DESIGN.md "Hopping windows").
//
//   npx asc assembly/index.ts --config assembly/asconfig.json --target release --debug -o /tmp/named.wasm
//   valgrind --tool=callgrind --cache-sim=yes --D1=49152,12,64 --LL=1048576,8,64 \
//     --dump-instr=yes --dump-line=no --smc-check=all-non-file --callgrind-out-file=/tmp/cg.out \
//     node --import tsx --no-liftoff --perf-basic-prof bench/hopping-cache-sim.ts hopping|tumbling /tmp/named.wasm
//   npx tsx bench/callgrind-wasm.ts /tmp/cg.out /tmp/perf-<pid>.map
//
// --no-liftoff: every function compiled once, by TurboFan (no tier-up mid-run). The perf map
// names the wasm functions' code ranges; --debug keeps their names (the code is the release
// build's). --LL is the 1 MiB L2: the 32 MiB L3 would hold the whole slot pool. --perf-basic-prof
// also leaves isolate-*-v8.log files in the working directory: delete them. ~4 min per run.

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
