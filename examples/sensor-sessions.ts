// Per-sensor statistics over sessions of activity: a sensor's session runs from its first reading
// to its last + 5 s, and is cut after a minute.
//
// Input:  stream `sensors`, entries { sensor, value, ts } (ts: epoch ms), group `sensor-sessions`.
// Output: `sensor-sessions:out` — key, start, end, count, sum, min, max, mean, one entry per sensor
//         and session (start: first reading, end: last reading + 5 s); late events (one that would
//         open a session already closed) to `sensor-sessions:late` with [ts, ts + 5 s), unusable
//         entries to `sensor-sessions:dlq`.

import { count, defineJob, max, mean, min, session, sum } from 'eddy';

export default defineJob({
  name: 'sensor-sessions',
  source: { stream: 'sensors', group: 'sensor-sessions' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  window: session('5s', { maxDuration: '1m' }),
  outOfOrderness: '2s',
  aggregates: {
    count: count(),
    sum: sum('value'),
    min: min('value'),
    max: max('value'),
    mean: mean('value'),
  },
  sinks: { output: 'sensor-sessions:out', late: 'sensor-sessions:late', deadLetter: 'sensor-sessions:dlq' },
});
