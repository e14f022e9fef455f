// One file's NAB score at one threshold: NAB's scoring step, after the threshold has been chosen.
// Straightforward on purpose; it is also the oracle the threshold sweep is tested against.

import type { NabProfile } from './nab-profiles.js';
import { NAB_MAX_TP } from './nab-scaled-sigmoid.js';
import type { NabFileLayout } from './nab-windows.js';

/** Row counts past probation, as NAB counts them (rows, not windows). */
export interface NabCounts {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

/** A raw NAB score and the counts behind it. */
export interface NabScore extends NabCounts {
  readonly score: number;
}

/**
 * What a detection on `row` is worth under `profile`: inside a window S·tpWeight/S(−1) (exactly
 * tpWeight at the left edge), outside S·fpWeight (a cost, up to fpWeight). In NAB's operation order.
 */
export function nabRowScore(layout: NabFileLayout, row: number, profile: NabProfile): number {
  const s = layout.sigmoid[row]!;
  return layout.windowOfRow[row]! >= 0 ? (s * profile.tpWeight) / NAB_MAX_TP : s * profile.fpWeight;
}

/**
 * Scores one file: a row past probation is a detection when its anomaly score is `>= threshold`.
 * Each scored window earns its best (that is, earliest) detection's worth, or −fnWeight with none;
 * every detection outside the windows costs its worth.
 */
export function scoreNabFile(
  layout: NabFileLayout,
  anomalyScores: Float64Array,
  threshold: number,
  profile: NabProfile,
): NabScore {
  const best = new Float64Array(layout.windowCount).fill(-profile.fnWeight);
  let fpSum = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < layout.rowCount; i++) {
    if (i < layout.probation) continue;
    const w = layout.windowOfRow[i]!;
    const detected = anomalyScores[i]! >= threshold;
    if (w >= 0) {
      if (!detected) fn++;
      else {
        tp++;
        best[w] = Math.max(best[w]!, nabRowScore(layout, i, profile));
      }
    } else if (!detected) tn++;
    else {
      fp++;
      fpSum += nabRowScore(layout, i, profile);
    }
  }
  let score = fpSum;
  for (let w = 0; w < layout.windowCount; w++) if (layout.windowScored[w]) score += best[w]!;
  return { score, tp, fp, fn, tn };
}
