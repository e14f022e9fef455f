// What a checkpoint needs to rebuild a partition's open windows by replaying its input instead of
// storing them: the earliest start of anything still open. Every event of an open window (pane,
// session) has an event time ≥ that start, so entries read while the largest event time seen was
// still below it belong to no open window, and replay can begin after them (see DESIGN.md,
// "Recovery by replay").

import { windowKind, KIND_SESSION, KIND_HOPPING, KIND_ROLLING } from './window-kind';
import { rollingEarliestStart } from './rolling-windows';
import { setClock } from './watermark';
import { resumeHoppingAfter } from './hopping-windows';
import { winCount, windowStartAt } from './window-registry';
import { heapSize, sessionSlotAt } from './session-ends';
import { sessionPtr } from './session-store';
import { revising, resumeRevisionsAt } from './window-revisions';

/** The earliest start of an open window, pane or session; +∞ when nothing is open. */
export function earliestOpenStart(): f64 {
  if (windowKind == KIND_ROLLING) return rollingEarliestStart();
  if (windowKind == KIND_SESSION) {
    let earliest: f64 = Infinity;
    for (let i = 0; i < heapSize; i++) {
      const start = load<f64>(sessionPtr(sessionSlotAt(i)), 16);
      if (start < earliest) earliest = start;
    }
    return earliest;
  }
  // The registry is sorted by end, and every window (tumbling) or pane (hopping) has the same
  // length, so the first one starts earliest. Panes kept for allowed lateness are in it too.
  return winCount > 0 ? windowStartAt(0) : Infinity;
}

/**
 * A partition taken over from its checkpoint: the clock resumes where the last commit left it, so
 * the entries replayed to rebuild open windows neither move it nor close anything already closed,
 * and every verdict afterwards is the one an uninterrupted run would have reached.
 */
export function restoreClock(wm: f64, maxEvent: f64): void {
  setClock(wm, maxEvent);
  if (revising) resumeRevisionsAt(wm);
  else if (windowKind == KIND_HOPPING) resumeHoppingAfter(wm);
}
