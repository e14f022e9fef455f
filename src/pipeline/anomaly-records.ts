// Anomaly events (DESIGN.md, "Anomaly events"): what a job with `detect` writes to its output
// stream. Like every derived event they are a function of the input entries only, so a replayed
// batch writes the same ones.
//
//   events:  key, time, value, expected, lower, upper, score, anomaly, direction, detector, params, warmup, source_id
//   windows: key, start, end, the job's aggregates, then value … warmup as above (time = window end)

import type { ResolvedDetect, ResolvedJob } from '../job/resolved-job.js';
import { DET_ANOMALY, DET_DIRECTION, DET_EXPECTED, DET_LOWER, DET_OUT_F64, DET_SCORE, DET_UPPER, DET_WARMUP } from '../detect/detector-output.js';
import { KeyedDetector } from '../detect/series-detector.js';
import { resolveDetectorParams } from '../detect/detector-catalog.js';
import { RecordPacker } from '../redis/lua-records.js';
import { detectorExports } from '../wasm/detector-exports.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { STATUS_OK } from '../wasm/layout.js';
import { numberText } from './number-text.js';
import { resultRecords, type Fields, type KeyNames } from './derived-records.js';

/** What a batch writes to the output stream, packed for the commit script. */
export interface PackedOutput {
  readonly output: Buffer;
  readonly outputCount: number;
}

/** Fields every anomaly event carries after its own key/time or window fields. */
const ANOMALY_FIELDS = 10;

/** `alpha=0.02,threshold=4,warmup=30`: every parameter, defaults included, so an event says what judged it. */
export function paramsText(detect: ResolvedDetect): string {
  return Object.entries(detect.params)
    .map(([k, v]) => `${k}=${numberText(v)}`)
    .join(',');
}

function directionText(d: number): string {
  return d > 0 ? 'up' : d < 0 ? 'down' : 'none';
}

/** value … warmup of one detector row (rows[at …]). */
function anomalyFields(detect: ResolvedDetect, params: string, value: number, rows: Float64Array, at: number): Fields {
  return [
    'value', numberText(value),
    'expected', numberText(rows[at + DET_EXPECTED]!),
    'lower', numberText(rows[at + DET_LOWER]!),
    'upper', numberText(rows[at + DET_UPPER]!),
    'score', numberText(rows[at + DET_SCORE]!),
    'anomaly', rows[at + DET_ANOMALY] === 1 ? '1' : '0',
    'direction', directionText(rows[at + DET_DIRECTION]!),
    'detector', detect.detector,
    'params', params,
    'warmup', rows[at + DET_WARMUP] === 1 ? '1' : '0',
  ];
}

/**
 * Judges rows [0, n) of the decoded batch with the job's detector (in the kernel: each key's state
 * is in its linear memory) and packs the anomaly events to write: the flagged ones, or with
 * `emit: 'all'` every judged one — of rows `from` on: the rows before it are replayed entries,
 * judged only to bring the restored detector states up to date (their events were written).
 */
export function packEventAnomalies(job: ResolvedJob, kernel: PartitionKernel, keyNames: KeyNames, n: number, from = 0): PackedOutput {
  const detect = job.detect!;
  const w = kernel.wasm;
  w.detectEvents(n);
  const { u8, i32, f64 } = kernel.views();
  const rowsAt = w.detectRowsPtr() >> 3;
  const status = w.statusColPtr();
  const picked: number[] = [];
  for (let i = from; i < n; i++) {
    if (u8[status + i] !== STATUS_OK) continue;
    if (detect.emit === 'all' || f64[rowsAt + i * DET_OUT_F64 + DET_ANOMALY] === 1) picked.push(i);
  }
  const ids = picked.length > 0 ? kernel.entryIds().toString('latin1').split(' ') : [];
  const params = paramsText(detect);
  const packer = new RecordPacker(picked.length, 64 + picked.length * 320);
  const keyCol = w.keyIdColPtr() >> 2;
  const timeCol = w.timeColPtr() >> 3;
  const valuesCol = w.valuesColPtr() >> 3;
  const valueCount = job.valueFields.length;
  const rows = f64.subarray(rowsAt, rowsAt + n * DET_OUT_F64);
  for (const i of picked) {
    packer.record(2 * (3 + ANOMALY_FIELDS));
    packer.field('key').field(keyNames.get(i32[keyCol + i]!));
    packer.field('time').field(numberText(f64[timeCol + i]!));
    for (const f of anomalyFields(detect, params, f64[valuesCol + i * valueCount + detect.source]!, rows, i * DET_OUT_F64)) packer.field(f);
    packer.field('source_id').field(ids[i]!);
  }
  return { output: packer.finish(), outputCount: picked.length };
}

/**
 * Judges one output field of each window result of the last `process` call, per key in the order
 * windows closed, and packs the window results with their anomaly fields: the flagged ones, or
 * with `emit: 'all'` every one.
 */
export class WindowAnomalies {
  private readonly detector: KeyedDetector;
  private readonly params: string;
  /** Results were judged since the last snapshot(): the states changed. */
  private judgedSinceSnapshot = false;

  constructor(
    private readonly job: ResolvedJob,
    private readonly kernel: PartitionKernel,
  ) {
    const d = job.detect!;
    this.detector = new KeyedDetector(detectorExports(kernel.wasm), resolveDetectorParams(d.detector, d.params));
    this.params = paramsText(d);
  }

  /**
   * `suppressEndsUpTo`: results of windows ending at or before it were judged and written before a
   * takeover (a session job's replay closes them again): neither judged nor written again.
   */
  pack(keyNames: KeyNames, suppressEndsUpTo = -Infinity): PackedOutput {
    const detect = this.job.detect!;
    const all = resultRecords(this.job, this.kernel, keyNames);
    const w0 = this.kernel.wasm;
    const firstKept = (() => {
      // Results come by end: the suppressed ones are a prefix.
      const f64 = this.kernel.views().f64;
      const stride = w0.resultStride();
      let k = 0;
      while (k < all.length && f64[(w0.resultsPtr() >> 3) + k * stride + 2]! <= suppressEndsUpTo) k++;
      return k;
    })();
    if (all.length - firstKept === 0) return { output: new RecordPacker(0).finish(), outputCount: 0 };
    this.judgedSinceSnapshot = true;
    const results = all.slice(firstKept);
    // Key ids of the results, read before the detector may grow (and move) linear memory.
    const w = this.kernel.wasm;
    const stride = w.resultStride();
    const f64 = this.kernel.views().f64;
    const keyIds = new Int32Array(results.length);
    const ends = new Float64Array(results.length);
    const values = new Float64Array(results.length);
    const valueAt = 6 + 2 * detect.source + 1;
    results.forEach((r, k) => {
      const at = (w.resultsPtr() >> 3) + (firstKept + k) * stride;
      keyIds[k] = f64[at]!;
      ends[k] = f64[at + 2]!;
      values[k] = Number(r[valueAt]);
    });
    // A window whose judged output is not a finite number (a variance of one event, say) is not judged.
    const judged: number[] = [];
    for (let k = 0; k < results.length; k++) if (Number.isFinite(values[k]!)) judged.push(k);
    const rows = this.detector.run(
      judged.map((k) => keyIds[k]!),
      judged.map((k) => ends[k]!),
      judged.map((k) => values[k]!),
    );
    const picked = judged.map((k, j) => ({ k, j })).filter(({ j }) => detect.emit === 'all' || rows[j * DET_OUT_F64 + DET_ANOMALY] === 1);
    const packer = new RecordPacker(picked.length, 64 + picked.length * 400);
    for (const { k, j } of picked) {
      const record = [...results[k]!, ...anomalyFields(detect, this.params, values[k]!, rows, j * DET_OUT_F64)];
      packer.record(record.length);
      for (const f of record) packer.field(f);
    }
    return { output: packer.finish(), outputCount: picked.length };
  }

  /** Bytes of every key's detector state. */
  stateBytes(): number {
    return this.detector.stateBytes();
  }

  /** Every key's detector state, when results were judged since the last snapshot (else nothing changed). */
  snapshotIfChanged(): Buffer | undefined {
    if (!this.judgedSinceSnapshot) return undefined;
    this.judgedSinceSnapshot = false;
    return this.detector.snapshot((id) => this.kernel.keyBytes(id));
  }

  /** Installs a snapshot of snapshotIfChanged() (DetectorSnapshotError: made by another detector or params). */
  restore(bytes: Uint8Array): void {
    const w = this.kernel.wasm;
    this.detector.restore(bytes, (key) => {
      const p = w.reserveScratch(key.length);
      this.kernel.views().u8.set(key, p);
      return w.internKey(p, key.length);
    });
  }
}
