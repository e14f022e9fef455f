// Per-sensor statistics over 10-second tumbling windows.
//
// Input:  stream `sensors`, entries { sensor, value, ts } (ts: epoch ms), group `sensor-stats`.
// Output: `sensor-stats:out` — key, start, end, count, sum, min, max, mean, one entry per sensor
//         and window; late events to `sensor-stats:late`, unusable entries to `sensor-stats:dlq`.

import { count, defineJob, max, mean, min, sum, tumbling } from 'eddy';

export default defineJob({
  name: 'sensor-stats',
  source: { stream: 'sensors', group: 'sensor-stats' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  window: tumbling('10s'),
  outOfOrderness: '2s',
  aggregates: {
    count: count(),
    sum: sum('value'),
    min: min('value'),
    max: max('value'),
    mean: mean('value'),
  },
  sinks: { output: 'sensor-stats:out', late: 'sensor-stats:late', deadLetter: 'sensor-stats:dlq' },
  latencyBudget: '50ms',
});
