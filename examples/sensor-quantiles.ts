// Per-sensor percentiles and spread over 10-second tumbling windows.
//
// Input:  stream `sensors`, entries { sensor, value, ts } (ts: epoch ms), group `sensor-quantiles`.
// Output: `sensor-quantiles:out` — key, start, end, count, p50, p90, p99 (DDSketch, 1% relative
//         accuracy), stddev and variance (population); late events to `sensor-quantiles:late`,
//         unusable entries to `sensor-quantiles:dlq`.

import { count, defineJob, quantile, stddev, tumbling, variance } from 'eddy';

export default defineJob({
  name: 'sensor-quantiles',
  source: { stream: 'sensors', group: 'sensor-quantiles' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  window: tumbling('10s'),
  outOfOrderness: '2s',
  aggregates: {
    count: count(),
    p50: quantile('value', 0.5, { accuracy: 0.01 }),
    p90: quantile('value', 0.9, { accuracy: 0.01 }),
    p99: quantile('value', 0.99, { accuracy: 0.01 }),
    stddev: stddev('value'),
    variance: variance('value'),
  },
  sinks: { output: 'sensor-quantiles:out', late: 'sensor-quantiles:late', deadLetter: 'sensor-quantiles:dlq' },
});
