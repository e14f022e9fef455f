// From a file's labelled windows (timestamp pairs) to what the scorer needs per row: which window
// the row is in, and where it sits relative to that window or the one before it.
//
//   rows        0 1 2 3 4 5 6 7 8 9 ...
//   probation   p p p                         (rows < nabProbationRows(n) are never scored)
//   window              [- - - - -]           [start, end]: both ends inclusive, width 5
//   inside  y           -1 ...    -1/5        y = −(right − i + 1) / width
//   after   y                      1/4 2/4 …  y = (i − right) / (width − 1), S = −1 past y = 3
//
// The walk mirrors NAB's sweeper (`calcSweepScore`) row by row rather than cutting index ranges,
// because NAB's files repeat some timestamps and the walk decides which copy opens or closes a
// window: a window opens at the first row equal to its start (once the previous one has opened),
// its right edge is the first row in the file equal to its end, and it closes on the first row
// equal to its end after it opened.

import { parseTimestampMs } from '../series/csv-series.js';
import { nabProbationRows } from './nab-probation.js';
import { nabScaledSigmoid } from './nab-scaled-sigmoid.js';

/** A labelled window as NAB's label file writes it: [start, end] timestamps, both inclusive. */
export type NabWindowText = readonly [start: string, end: string];

/** Per-row scoring facts of one file, independent of the profile and the detector. */
export interface NabFileLayout {
  readonly rowCount: number;
  /** Rows `i < probation` are never scored. */
  readonly probation: number;
  /** The labelled windows' count, scored or not. */
  readonly windowCount: number;
  /** The window (index in label order) each row is in, or −1 outside every window. */
  readonly windowOfRow: Int32Array;
  /**
   * S(y) of each row: inside a window a detection there earns S · tpWeight / S(−1); outside, a
   * detection costs S · fpWeight (S ≤ 0; −1 before the first window).
   */
  readonly sigmoid: Float64Array;
  /** Whether each window has a row past probation. Only those count as a hit or a miss, as in NAB. */
  readonly windowScored: readonly boolean[];
}

function parseLimit(file: string, text: string): number {
  const ms = parseTimestampMs(text);
  if (ms === undefined) {
    throw new Error(`${file}: window timestamp "${text}" is not a date-time; fix the label file`);
  }
  return ms;
}

/**
 * Lays out one file for scoring. Throws, naming the file and timestamp, when a window's start or
 * end is not exactly a row's timestamp or the windows are out of order (NAB refuses such labels too).
 */
export function layoutNabFile(file: string, timestamps: Float64Array, windows: readonly NabWindowText[]): NabFileLayout {
  const n = timestamps.length;
  const limits = windows.map(([s, e]) => ({ start: parseLimit(file, s), end: parseLimit(file, e), text: `[${s}, ${e}]` }));
  const firstIndex = (ms: number): number => timestamps.indexOf(ms);
  const windowOfRow = new Int32Array(n).fill(-1);
  const sigmoid = new Float64Array(n);
  const lastRow = windows.map(() => -1);

  let next = 0;
  let cur = -1;
  let curRight = 0;
  let curWidth = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamps[i]!;
    const opening = limits[next];
    if (opening !== undefined && t === opening.start) {
      cur = next++;
      curRight = firstIndex(opening.end);
      if (curRight < i) {
        throw new Error(
          `${file}: window ${opening.text} ends before it starts or its end is not a row's timestamp; fix the label file`,
        );
      }
      curWidth = curRight - firstIndex(opening.start) + 1;
    }
    if (cur >= 0) {
      windowOfRow[i] = cur;
      lastRow[cur] = i;
      sigmoid[i] = nabScaledSigmoid(-(curRight - i + 1) / curWidth);
    } else {
      // A one-row window before would divide by zero (NAB would raise); Infinity means S = −1.
      sigmoid[i] = prevRight < 0 ? -1 : nabScaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
    }
    if (cur >= 0 && t === limits[cur]!.end) {
      prevRight = i;
      prevWidth = curWidth;
      cur = -1;
    }
  }
  const missed = limits[next];
  if (missed !== undefined) {
    throw new Error(
      `${file}: window ${missed.text} never opened: its start is not a row's timestamp, ` +
        'or it overlaps the window before; fix the label file',
    );
  }

  const probation = nabProbationRows(n);
  return {
    rowCount: n,
    probation,
    windowCount: windows.length,
    windowOfRow,
    sigmoid,
    windowScored: lastRow.map((last) => last >= probation),
  };
}
