// examples/sensor-sessions.ts for a source whose readings can arrive up to ~10 s late: a sensor's
// session is kept 10 s after its final result, and a reading that joins it (or bridges it with a
// newer session) writes a revised result at once (DESIGN.md, "Late sessions and revisions").
//
// Output: `sensor-sessions-late:out` — key, start, end, count, sum, min, max, mean, then emit
//         ('final' or 'late'), revision, supersedes (the start of an earlier result of the sensor
//         this one replaces, or ''): per (sensor, start) keep the highest revision, drop supersedes.
//         Late events (a reading that would open a session ended 10 s or more before the watermark)
//         to `sensor-sessions-late:late` with [ts, ts + 5 s) and its lateness.

import { count, defineJob, max, mean, min, session, sum } from 'eddy';

export default defineJob({
  name: 'sensor-sessions-late',
  source: { stream: 'sensors', group: 'sensor-sessions-late' },
  key: 'sensor',
  time: 'ts',
  values: { value: 'value' },
  window: session('5s', { maxDuration: '1m' }),
  outOfOrderness: '2s',
  allowedLateness: '10s',
  aggregates: {
    count: count(),
    sum: sum('value'),
    min: min('value'),
    max: max('value'),
    mean: mean('value'),
  },
  sinks: { output: 'sensor-sessions-late:out', late: 'sensor-sessions-late:late', deadLetter: 'sensor-sessions-late:dlq' },
});
