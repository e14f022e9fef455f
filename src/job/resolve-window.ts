// The `window` option of a job: tumbling, hopping, session or rolling, checked and put in
// milliseconds. Apart from resolve-job.ts because each kind has its own options and its own rules
// (a hop divides the size, a session's maxDuration is at least its gap, a rolling window needs
// `last` and refuses sketches), and they grow with every window kind.

import type { AggregateSpec } from './aggregates.js';
import { durationMs } from './duration.js';
import { orDefault, rejectUnknown, type Fail } from './job-option-checks.js';
import type { ResolvedJob } from './resolved-job.js';

const WINDOW_OPTIONS: Record<string, string[]> = {
  tumbling: ['kind', 'size', 'offset'],
  hopping: ['kind', 'size', 'slide', 'offset'],
  session: ['kind', 'gap', 'maxDuration'],
  rolling: ['kind', 'last', 'events'],
};
/** Aggregates a rolling window refuses: each would need a sketch per event (refuseRollingSketches). */
const SKETCH_AGGREGATES = new Set(['quantile', 'distinct', 'topK']);

/** The window, its durations in ms; a tumbling or hopping offset reduced into [0, slide). */
export function resolveWindow(w: unknown, fail: Fail): ResolvedJob['window'] {
  if (typeof w !== 'object' || w === null) return fail('window', "must be a window such as tumbling('10s') (or leave out window and aggregates and set detect: { value, detector } to judge raw events)");
  const spec = w as Record<string, unknown>;
  const allowed = WINDOW_OPTIONS[String(spec['kind'])];
  if (!allowed) return fail('window.kind', `must be one of ${Object.keys(WINDOW_OPTIONS).join(', ')} (got ${String(spec['kind'])})`);
  rejectUnknown(spec, allowed, 'window.', fail);
  if (spec['kind'] === 'session') return resolveSession(spec, fail);
  if (spec['kind'] === 'rolling') return resolveRolling(spec, fail);
  const sizeMs = durationMs(spec['size']);
  if (sizeMs === undefined || sizeMs < 1) fail('window.size', `must be a positive duration like '10s' or 10000 (got ${String(spec['size'])})`);
  let slideMs = sizeMs!;
  if (spec['kind'] === 'hopping') {
    const slide = durationMs(spec['slide']);
    if (slide === undefined || slide < 1) return fail('window.slide', `must be a positive duration like '10s' (got ${String(spec['slide'])})`);
    if (sizeMs! % slide !== 0) return fail('window.slide', `must divide window.size (${sizeMs} ms is not a multiple of ${slide} ms)`);
    slideMs = slide;
  }
  const offsetMs = durationMs(orDefault(spec['offset'], 0));
  if (offsetMs === undefined) return fail('window.offset', `must be a duration like '1h' or -3600000 (got ${String(spec['offset'])})`);
  return { kind: spec['kind'] as 'tumbling' | 'hopping', sizeMs: sizeMs!, slideMs, offsetMs: ((offsetMs % slideMs) + slideMs) % slideMs };
}

function resolveSession(spec: Record<string, unknown>, fail: Fail): ResolvedJob['window'] {
  const gapMs = durationMs(spec['gap']);
  if (gapMs === undefined || gapMs < 1) return fail('window.gap', `must be a duration of at least 1 ms, like '30s' (got ${String(spec['gap'])})`);
  if (spec['maxDuration'] === undefined) return { kind: 'session', gapMs };
  const maxDurationMs = durationMs(spec['maxDuration']);
  if (maxDurationMs === undefined || maxDurationMs < gapMs) {
    return fail('window.maxDuration', `must be a duration of at least window.gap (${gapMs} ms), like '1h' (got ${String(spec['maxDuration'])}): a session lasts at least gap`);
  }
  return { kind: 'session', gapMs, maxDurationMs };
}

function resolveRolling(spec: Record<string, unknown>, fail: Fail): ResolvedJob['window'] {
  if (spec['last'] === undefined) {
    return fail('window.last', spec['events'] === undefined
      ? "is required: rolling({ last: '5m' }) holds each event's key's events of the last 5 minutes"
      : `is required with events too, like rolling({ events: ${String(spec['events'])}, last: '1h' }): a key's last events may be arbitrarily old, and a successor after a takeover rebuilds windows by replaying the input of the last 'last' ms only`);
  }
  const spanMs = durationMs(spec['last']);
  if (spanMs === undefined || spanMs < 1) return fail('window.last', `must be a duration of at least 1 ms, like '5m' (got ${String(spec['last'])})`);
  if (spec['events'] === undefined) return { kind: 'rolling', spanMs };
  const maxRows = spec['events'];
  if (!Number.isInteger(maxRows) || (maxRows as number) < 1 || (maxRows as number) > 0x7ffffffe) {
    return fail('window.events', `must be an integer from 1 to 2147483646 (got ${String(maxRows)})`);
  }
  return { kind: 'rolling', spanMs, maxRows: maxRows as number };
}

/** Refuses an aggregate a rolling window cannot hold: a sketch cannot forget an event. */
export function refuseRollingSketches(aggregates: Record<string, AggregateSpec>, fail: Fail): void {
  for (const [field, spec] of Object.entries(aggregates)) {
    if (SKETCH_AGGREGATES.has(spec.kind)) {
      fail(`aggregates.${field}`, `${spec.kind}() is not available with rolling windows: a sketch cannot forget an event, so every event's window would need a sketch of its own; use hopping windows for ${spec.kind}, or count, sum, min, max, mean, range, first, last, variance, stddev here`);
    }
  }
}
