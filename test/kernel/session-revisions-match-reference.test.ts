// Session windows with allowed lateness and emit 'update' or early(interval) (DESIGN.md, "Session
// windows", "Late sessions and revisions"): the WASM kernel, fed random events in random batches,
// writes exactly the reference's results — words, order, `emit`, `revision`, `supersedes` — and
// late events, with random gaps, maxDurations, out-of-orderness, allowed lateness and early
// intervals, events before the clock (into kept sessions, bridging a closed and an open one, or
// late beyond allowed lateness).
//
//   gap 10, allowedLateness 20, ooo 0:  a@0 a@25 → [0,10) final rev 0 at wm 25, kept until wm 30
//   a@5 (wm 25) joins it → [0,15) late rev 1;  a@40 frees it;  a@1 (wm 40): 1 + 10 + 20 ≤ 40 → late stream

import { describe, it } from 'vitest';
import { sessionWindowing, withSessionEmission, type EmissionCase } from '../support/window-arbitraries.js';
import { assertSessionsMatchReference } from '../support/window-properties.js';

const cases = [
  { mode: 'final', lateness: true },
  { mode: 'update', lateness: false },
  { mode: 'update', lateness: true },
  { mode: 'early', lateness: false },
  { mode: 'early', lateness: true },
] as const satisfies readonly EmissionCase[];

describe.each(cases)('session windows, emit $mode, allowed lateness: $lateness', (c) => {
  it('equal the reference on random events, gaps, maxDurations, lateness and batch splits', () => {
    assertSessionsMatchReference(withSessionEmission(sessionWindowing, c), 250);
  });
});
