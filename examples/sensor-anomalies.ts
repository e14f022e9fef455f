// Spikes and dips in each sensor's readings, judged event by event in WebAssembly.
//
// Input:  stream `sensors`, entries { sensor, value, ts } (as examples/sensor-stats.ts), group
//         `sensor-anomalies`.
// Output: `sensor-anomalies:out` — one anomaly event per flagged reading: key, time, value,
//         expected, lower, upper, score, anomaly, direction, detector, params, warmup, source_id;
//         unusable entries to `sensor-anomalies:dlq`.
//
// `eddy backtest <file.csv> --detector spike-dip --param confidence=99.9` runs the same detector
// over a CSV export, row by row, to choose the parameters before deploying.

import { defineJob } from 'eddy';

export default defineJob({
  name: 'sensor-anomalies',
  source: { stream: 'sensors', group: 'sensor-anomalies' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  detect: { value: 'value', detector: 'spike-dip', params: { confidence: 99.9 } },
  sinks: { output: 'sensor-anomalies:out', late: 'sensor-anomalies:late', deadLetter: 'sensor-anomalies:dlq' },
});
