// The job every benchmark runs, as the runtime sees it.

import sensorStats from '../examples/sensor-stats.js';
import { resolveJob } from '../src/job/resolve-job.js';
import type { ResolvedJob } from '../src/job/resolved-job.js';

/** examples/sensor-stats.ts, resolved as `eddy run` would; the benchmarks take window size, out-of-orderness and budget from it. */
export function sensorStatsJob(): ResolvedJob {
  return resolveJob(sensorStats);
}
