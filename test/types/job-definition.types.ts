// Checked by `npm run typecheck` (tsc), not run: each @ts-expect-error must be an error, or tsc fails.
// Pins that mistakes in a job file are compile errors, not silent defaults.

import { count, defineJob, max, mean, sum, tumbling } from 'eddy';

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

export const missingWindow =
  // @ts-expect-error a job needs a window
  defineJob({
    name: 'typo',
    source: { stream: 's' },
    key: 'k',
    values: { value: 'v' },
    aggregates: { n: count() },
  });
