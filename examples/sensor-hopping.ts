// Per-sensor statistics over 30-second windows starting every 10 seconds.
//
// Input:  stream `sensors`, entries { sensor, value, ts } (ts: epoch ms), group `sensor-hopping`.
// Output: `sensor-hopping:out` — key, start, end, count, sum, min, max, mean, one entry per sensor
//         and window; late events to `sensor-hopping:late`, unusable entries to `sensor-hopping:dlq`.

import { count, defineJob, hopping, max, mean, min, sum } from 'eddy';

export default defineJob({
  name: 'sensor-hopping',
  source: { stream: 'sensors', group: 'sensor-hopping' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  window: hopping('30s', '10s'),
  outOfOrderness: '2s',
  aggregates: {
    count: count(),
    sum: sum('value'),
    min: min('value'),
    max: max('value'),
    mean: mean('value'),
  },
  sinks: { output: 'sensor-hopping:out', late: 'sensor-hopping:late', deadLetter: 'sensor-hopping:dlq' },
});
