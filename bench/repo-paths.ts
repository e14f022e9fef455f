// Where the benchmarked programs live, resolved from this file so the suite runs from any cwd.

import { fileURLToPath } from 'node:url';

/** The repository root (the directory holding package.json). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The `eddy` CLI; it runs dist/, so `npm run build` must have run first. */
export const EDDY_BIN = fileURLToPath(new URL('../bin/eddy.js', import.meta.url));

/** The job every benchmark runs. */
export const SENSOR_STATS_JOB = fileURLToPath(new URL('../examples/sensor-stats.ts', import.meta.url));

/** The hand-written baseline consumer. */
export const PLAIN_CONSUMER_FILE = fileURLToPath(new URL('./plain-consumer.ts', import.meta.url));

/** The compiled kernel; its absence means the build has not run. */
export const KERNEL_WASM = fileURLToPath(new URL('../build/eddy.wasm', import.meta.url));

/** The CLI's own entry; without it bin/eddy.js cannot start. */
export const EDDY_DIST_CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
