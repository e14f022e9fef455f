// examples/sensor-stats.ts over 8 partitions (sensors:{sensors:0} … sensors:{sensors:7}): the job
// the scaling benchmark runs with 1, 2 and 4 worker threads and with 2 processes.

import sensorStats from '../examples/sensor-stats.js';
import { defineJob } from '../src/index.js';

export default defineJob({ ...sensorStats, source: { ...sensorStats.source, partitions: 8 } });
