// The anomaly events a job with `detect` must write, computed without eddy's pipeline: entries
// decoded by the reference decoder, each key's events (or window results, from the window oracle)
// judged by the detector's TypeScript reference in stream order, the fields built from the contract
// in DESIGN.md ("Anomaly events").

import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { DET_ANOMALY, DET_DIRECTION, DET_EXPECTED, DET_LOWER, DET_OUT_F64, DET_SCORE, DET_UPPER, DET_WARMUP } from '../../src/detect/detector-output.js';
import { numberText } from '../../src/pipeline/number-text.js';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { DetectorReference } from '../../src/reference/detectors/detector-reference.js';
import { referenceFor } from '../../src/reference/detectors/reference-for.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { expectedSinks } from './sensor-oracle.js';

/** Judges (key, time, value) in order with one reference per key; the anomaly fields of each emitted row. */
function judge(job: ResolvedJob, rows: readonly { key: string; time: number; value: number }[]): (string[] | undefined)[] {
  const detect = job.detect!;
  const refs = new Map<string, DetectorReference>();
  const params = Object.entries(detect.params).map(([k, v]) => `${k}=${numberText(v)}`).join(',');
  const out = new Float64Array(DET_OUT_F64);
  return rows.map(({ key, time, value }) => {
    let ref = refs.get(key);
    if (!ref) refs.set(key, (ref = referenceFor(detect.kind, detect.words)));
    ref.step(time, value, out, 0);
    if (detect.emit !== 'all' && out[DET_ANOMALY] !== 1) return undefined;
    const d = out[DET_DIRECTION]!;
    return [
      'value', numberText(value),
      'expected', numberText(out[DET_EXPECTED]!),
      'lower', numberText(out[DET_LOWER]!),
      'upper', numberText(out[DET_UPPER]!),
      'score', numberText(out[DET_SCORE]!),
      'anomaly', out[DET_ANOMALY] === 1 ? '1' : '0',
      'direction', d > 0 ? 'up' : d < 0 ? 'down' : 'none',
      'detector', detect.detector,
      'params', params,
      'warmup', out[DET_WARMUP] === 1 ? '1' : '0',
    ];
  });
}

/** Anomaly events of a job that judges raw events: key, time, the anomaly fields, source_id. */
export function expectedEventAnomalies(job: ResolvedJob, entries: readonly RawEntry[]): string[][] {
  const rows: { key: string; time: number; value: number; id: string }[] = [];
  for (const entry of entries) {
    const d = decodeEntry(entry, job);
    if (d.kind === 'deleted' || d.kind === 'bad') continue;
    rows.push({ key: d.key.toString('utf8'), time: d.time, value: d.values[job.detect!.source]!, id: entry.id });
  }
  const judged = judge(job, rows);
  const out: string[][] = [];
  judged.forEach((fields, i) => {
    if (fields) out.push(['key', rows[i]!.key, 'time', numberText(rows[i]!.time), ...fields, 'source_id', rows[i]!.id]);
  });
  return out;
}

/** Window results of a job that judges one aggregate, each followed by its anomaly fields (time = window end). */
export function expectedWindowAnomalies(job: ResolvedJob, entries: readonly RawEntry[]): string[][] {
  const windows = expectedSinks(job, entries).output.filter((r) => Number.isFinite(Number(r[6 + 2 * job.detect!.source + 1])));
  const judged = judge(
    job,
    windows.map((r) => ({ key: r[1]!, time: Number(r[5]), value: Number(r[6 + 2 * job.detect!.source + 1]) })),
  );
  const out: string[][] = [];
  judged.forEach((fields, i) => {
    if (fields) out.push([...windows[i]!, ...fields]);
  });
  return out;
}
