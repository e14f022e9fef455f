// The `detect` option of a job, checked against the detector catalog: which value or window output
// it judges, which detector with which parameters, what is written.

import { DetectorParamError, resolveDetectorParams } from '../detect/detector-catalog.js';
import type { OutputField, ResolvedDetect } from './resolved-job.js';
import { durationMs } from './duration.js';

type Fail = (option: string, problem: string) => never;

const DETECT_OPTIONS = ['value', 'aggregate', 'detector', 'params', 'emit', 'snapshotEvery'];

/** Default time between detector snapshots in a partition's checkpoint. */
const SNAPSHOT_EVERY_MS = 10_000;

/**
 * `detect` resolved, or undefined when the job has none. `windowed` says whether the job has a
 * window: then `detect.aggregate` names one of its numeric outputs; without one, `detect.value`
 * names one of its values.
 */
export function resolveDetect(
  d: unknown,
  windowed: boolean,
  valueNames: readonly string[],
  outputFields: readonly OutputField[],
  fail: Fail,
  rejectUnknown: (obj: Record<string, unknown>, allowed: readonly string[], prefix: string) => void,
): ResolvedDetect | undefined {
  if (d === undefined) return undefined;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return fail('detect', "must be an object like { value: 'value', detector: 'spike-dip' }");
  const spec = d as Record<string, unknown>;
  rejectUnknown(spec, DETECT_OPTIONS, 'detect.');

  let on: ResolvedDetect['on'];
  let source: number;
  let sourceName: string;
  if (windowed) {
    if (spec['value'] !== undefined) fail('detect.value', "judges raw events, which a windowed job does not: use detect.aggregate to judge a window output, or drop window and aggregates");
    const names = outputFields.filter((f) => f.from !== 'topK').map((f) => f.name);
    sourceName = String(spec['aggregate']);
    source = outputFields.findIndex((f) => f.name === sourceName && f.from !== 'topK');
    if (source < 0) fail('detect.aggregate', `must name one of the job's numeric aggregates (${names.join(', ')}), got ${JSON.stringify(spec['aggregate'])}`);
    on = 'windows';
  } else {
    if (spec['aggregate'] !== undefined) fail('detect.aggregate', 'judges window outputs, and this job has no window: use detect.value, or add window and aggregates');
    sourceName = String(spec['value']);
    source = valueNames.indexOf(sourceName);
    if (source < 0) fail('detect.value', `must name one of the job's values (${valueNames.join(', ')}), got ${JSON.stringify(spec['value'])}`);
    on = 'events';
  }

  const userParams = spec['params'] ?? {};
  if (typeof userParams !== 'object' || userParams === null || Array.isArray(userParams)) return fail('detect.params', 'must map parameter names to numbers, like { threshold: 4 }');
  for (const [k, v] of Object.entries(userParams)) {
    if (typeof v !== 'number') fail(`detect.params.${k}`, `must be a number (got ${JSON.stringify(v)})`);
  }
  let resolved;
  try {
    resolved = resolveDetectorParams(String(spec['detector']), userParams as Record<string, number>);
  } catch (e) {
    if (e instanceof DetectorParamError) return fail(spec['detector'] === undefined ? 'detect.detector' : 'detect', e.message);
    throw e;
  }
  const emit = spec['emit'] ?? 'anomalies';
  if (emit !== 'anomalies' && emit !== 'all') return fail('detect.emit', `must be 'anomalies' or 'all' (got ${JSON.stringify(emit)})`);

  const snapshotEveryMs = durationMs(spec['snapshotEvery'] ?? SNAPSHOT_EVERY_MS);
  if (snapshotEveryMs === undefined || snapshotEveryMs < 0) return fail('detect.snapshotEvery', `must be a duration like '10s' or 0 (every batch) (got ${JSON.stringify(spec['snapshotEvery'])})`);

  const params: Record<string, number> = {};
  resolved.spec.params.forEach((p, i) => (params[p.name] = resolved.words[i]!));
  return { on, source, sourceName, detector: resolved.spec.name, kind: resolved.spec.kind, words: [...resolved.words], params, emit, snapshotEveryMs };
}
