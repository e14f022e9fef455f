// The corpus score at every threshold worth trying, in one pass (NAB's `calcScoreByThreshold`).
//
// Lowering the threshold past a score value turns exactly the rows with that value into
// detections, and each one changes the total by a known amount: a false positive adds its (negative)
// worth; a hit raises its window from its current best to its own worth when that is higher. So one
// sort of all scored rows, descending, and one walk give the score at every distinct threshold:
// O(n log n), not O(n · thresholds).

import type { NabProfile } from './nab-profiles.js';
import { nabRowScore } from './nab-scorer.js';
import type { NabFileLayout } from './nab-windows.js';

/** One file's layout and a detector's anomaly score for each of its rows. */
export interface NabSweepFile {
  readonly layout: NabFileLayout;
  readonly anomalyScores: Float64Array;
}

/** The scored rows of a corpus sorted once by anomaly score; reused for every profile. */
export interface NabPreparedSweep {
  readonly files: readonly NabSweepFile[];
  /** Per scored row (corpus-wide): its file, its row in the file, its window id or −1. */
  readonly fileOf: Uint32Array;
  readonly rowOf: Uint32Array;
  readonly windowOf: Int32Array;
  /** Scored-row indices by anomaly score, highest first. */
  readonly order: Uint32Array;
  /** Windows with a scored row, corpus-wide; each starts as a miss. */
  readonly scoredWindows: number;
}

/** Total score by threshold: `scores[k]` is the corpus score when rows `>= thresholds[k]` are detections. */
export interface NabThresholdCurve {
  /** Descending: NAB's start value 1.1 (nothing detected), then each distinct anomaly score. */
  readonly thresholds: Float64Array;
  readonly scores: Float64Array;
}

/** NAB's first threshold, above any anomaly score, where every window is a miss. */
export const NAB_START_THRESHOLD = 1.1;

/**
 * Collects and sorts the scored rows of every file. Throws when a file's score count differs from
 * its rows or a score is not a finite number, naming the file index and row.
 */
export function prepareNabSweep(files: readonly NabSweepFile[]): NabPreparedSweep {
  let total = 0;
  for (const [f, { layout, anomalyScores }] of files.entries()) {
    if (anomalyScores.length !== layout.rowCount) {
      throw new Error(
        `file #${f}: ${anomalyScores.length} anomaly scores for ${layout.rowCount} rows; return one score per row`,
      );
    }
    const bad = anomalyScores.findIndex((s) => !Number.isFinite(s));
    if (bad >= 0) throw new Error(`file #${f} row ${bad}: anomaly score ${anomalyScores[bad]} is not a finite number`);
    total += layout.rowCount - Math.min(layout.rowCount, Math.ceil(layout.probation));
  }
  const fileOf = new Uint32Array(total);
  const rowOf = new Uint32Array(total);
  const windowOf = new Int32Array(total);
  const key = new Float64Array(total);
  let k = 0;
  let windowBase = 0;
  for (const [f, { layout, anomalyScores }] of files.entries()) {
    const globalId = layout.windowScored.map((scored) => (scored ? windowBase++ : -1));
    for (let i = Math.ceil(layout.probation); i < layout.rowCount; i++, k++) {
      const w = layout.windowOfRow[i]!;
      fileOf[k] = f;
      rowOf[k] = i;
      windowOf[k] = w >= 0 ? globalId[w]! : -1;
      key[k] = anomalyScores[i]!;
    }
  }
  const order = new Uint32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((a, b) => key[b]! - key[a]!);
  return { files, fileOf, rowOf, windowOf, order, scoredWindows: windowBase };
}

/** The corpus score at NAB's start threshold and at every distinct anomaly score, for one profile. */
export function sweepNabThresholds(prepared: NabPreparedSweep, profile: NabProfile): NabThresholdCurve {
  const { files, fileOf, rowOf, windowOf, order } = prepared;
  const best = new Float64Array(prepared.scoredWindows).fill(-profile.fnWeight);
  const thresholds: number[] = [];
  const scores: number[] = [];
  let windowSum = -profile.fnWeight * prepared.scoredWindows;
  let fpSum = 0;
  let current = NAB_START_THRESHOLD;
  for (let j = 0; j < order.length; j++) {
    const k = order[j]!;
    const file = files[fileOf[k]!]!;
    const row = rowOf[k]!;
    const value = file.anomalyScores[row]!;
    if (value !== current) {
      thresholds.push(current);
      scores.push(fpSum + windowSum);
      current = value;
    }
    const worth = nabRowScore(file.layout, row, profile);
    const w = windowOf[k]!;
    if (w < 0) fpSum += worth;
    else if (worth > best[w]!) {
      windowSum += worth - best[w]!;
      best[w] = worth;
    }
  }
  thresholds.push(current);
  scores.push(fpSum + windowSum);
  return { thresholds: Float64Array.from(thresholds), scores: Float64Array.from(scores) };
}

/** The threshold with the highest corpus score; on a tie the higher threshold, as NAB's stable sort picks. */
export function bestNabThreshold(curve: NabThresholdCurve): { readonly threshold: number; readonly score: number } {
  let at = 0;
  for (let k = 1; k < curve.scores.length; k++) if (curve.scores[k]! > curve.scores[at]!) at = k;
  return { threshold: curve.thresholds[at]!, score: curve.scores[at]! };
}
