// Running statistics per sensor over its last 10 seconds of readings — at most the last 50 — one
// result per reading, in event-time order (Flink: OVER (PARTITION BY sensor ORDER BY ts
// RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW), capped at 50 rows).
//
// Input:  stream `sensors`, entries { sensor, value, ts } (ts: epoch ms), group `sensor-rolling`.
// Output: `sensor-rolling:out` — key, start (ts − 10 s), end (the reading's ts), count, sum, min,
//         max, mean, stddev of the sensor's readings in [start, end]: one entry per reading, written
//         once the watermark (largest ts − 2 s) has passed it; readings older than the watermark to
//         `sensor-rolling:late` with [ts − 10 s, ts]; unusable entries to `sensor-rolling:dlq`.

import { count, defineJob, max, mean, min, rolling, stddev, sum } from 'eddy';

export default defineJob({
  name: 'sensor-rolling',
  source: { stream: 'sensors', group: 'sensor-rolling' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  window: rolling({ last: '10s', events: 50 }),
  outOfOrderness: '2s',
  aggregates: {
    count: count(),
    sum: sum('value'),
    min: min('value'),
    max: max('value'),
    mean: mean('value'),
    stddev: stddev('value'),
  },
  sinks: { output: 'sensor-rolling:out', late: 'sensor-rolling:late', deadLetter: 'sensor-rolling:dlq' },
});
