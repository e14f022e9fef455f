// Checked by `npm run typecheck` (tsc), not run: each @ts-expect-error must be an error, or tsc fails.
// Pins that mistakes in a job file are compile errors, not silent defaults.

import { count, defineJob, early, max, mean, rolling, session, sum, tumbling } from 'eddy';

export const valid = defineJob({
  name: 'ok',
  source: { stream: 's' },
  key: 'k',
  time: 'ts',
  values: { value: 'v', latency: 'l' },
  window: tumbling('10s'),
  aggregates: { n: count(), total: sum('value'), worst: max('latency'), avg: mean('value') },
});

export const typoInAggregateValue = defineJob({
  name: 'typo',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('10s'),
  // @ts-expect-error 'valeu' is not one of the job's values
  aggregates: { total: sum('valeu') },
});

export const typoInOption = defineJob({
  name: 'typo',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('10s'),
  aggregates: { n: count() },
  // @ts-expect-error misspelt option
  outOfOrdernes: '2s',
});

export const typoInSource = defineJob({
  name: 'typo',
  // @ts-expect-error misspelt source option
  source: { stream: 's', partition: 4 },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('10s'),
  aggregates: { n: count() },
});

export const badDuration = defineJob({
  name: 'typo',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  // @ts-expect-error '10 seconds' is not a duration
  window: tumbling('10 seconds'),
  aggregates: { n: count() },
});

export const sessions = defineJob({
  name: 'sessions',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: session('30s', { maxDuration: '1h' }),
  aggregates: { n: count() },
});

export const typoInSessionOption = defineJob({
  name: 'typo',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  // @ts-expect-error misspelt session option
  window: session('30s', { maxDurration: '1h' }),
  aggregates: { n: count() },
});

export const rollingStats = defineJob({
  name: 'rolling',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: rolling({ last: '1h', events: 100 }),
  aggregates: { n: count(), mean: mean('value') },
});

export const rollingWithoutLast = defineJob({
  name: 'rolling',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  // @ts-expect-error events alone: a rolling window needs its time bound `last`
  window: rolling({ events: 100 }),
  aggregates: { n: count() },
});

export const rollingTypo = defineJob({
  name: 'rolling',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  // @ts-expect-error misspelt rolling option
  window: rolling({ last: '5m', event: 10 }),
  aggregates: { n: count() },
});

export const missingWindow =
  // @ts-expect-error a job needs a window
  defineJob({
    name: 'typo',
    source: { stream: 's' },
    key: 'k',
    values: { value: 'v' },
    aggregates: { n: count() },
  });

export const detectionJob = defineJob({
  name: 'spikes',
  source: { stream: 's' },
  key: 'k',
  time: 'ts',
  values: { value: 'v' },
  detect: { value: 'value', detector: 'spike-dip', params: { confidence: 99.9 } },
});

export const detectionOfUnknownValue = defineJob({
  name: 'spikes',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  // @ts-expect-error 'valeu' is not one of the job's values
  detect: { value: 'valeu', detector: 'zscore' },
});

export const unknownDetector = defineJob({
  name: 'spikes',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  // @ts-expect-error 'zscor' is not a detector
  detect: { value: 'value', detector: 'zscor' },
});

export const windowDetection = defineJob({
  name: 'window-spikes',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('1m'),
  aggregates: { n: count() },
  detect: { aggregate: 'n', detector: 'zscore' },
});

export const timeBounds = defineJob({
  name: 'bounded',
  source: { stream: 's' },
  key: 'k',
  time: 'ts',
  values: { value: 'v' },
  window: tumbling('10s'),
  aggregates: { n: count() },
  timeBounds: { maxAhead: '1h', maxBehind: 'none' },
});

export const timeBoundsOff = defineJob({ ...timeBounds, timeBounds: 'off' });

export const timeBoundsTypo = defineJob({
  ...timeBounds,
  // @ts-expect-error misspelt timeBounds option
  timeBounds: { maxAhaed: '1h' },
});

export const timeBoundsNotADuration = defineJob({
  ...timeBounds,
  // @ts-expect-error 'never' is neither a duration nor 'none'
  timeBounds: { maxBehind: 'never' },
});

export const lateAndEarly = defineJob({
  name: 'late',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('10s'),
  aggregates: { n: count() },
  allowedLateness: '30s',
  emit: early('5s'),
});

export const unknownEmitMode = defineJob({
  name: 'emit',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('10s'),
  aggregates: { n: count() },
  // @ts-expect-error 'eager' is not an emit mode
  emit: 'eager',
});

export const maxDeliveries = defineJob({
  name: 'redelivered',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('10s'),
  aggregates: { n: count() },
  maxDeliveries: 5,
});

export const maxDeliveriesAsText = defineJob({
  name: 'redelivered',
  source: { stream: 's' },
  key: 'k',
  values: { value: 'v' },
  window: tumbling('10s'),
  aggregates: { n: count() },
  // @ts-expect-error maxDeliveries is a number of deliveries, not text
  maxDeliveries: '5',
});
