// Allowed lateness and emit modes (DESIGN.md, "Lateness and emission"): the WASM kernel, fed random
// events in random batches, writes exactly the reference's results — words, order, `emit` and
// `revision` — and late events, for tumbling and hopping windows, each emit mode, with and without
// allowed lateness.
//
//   size 10, allowedLateness 5, early 4:   |0 ..4.. 8 .. 10)|10 ... 15 ...
//   results of [0,10):   early @wm 4, early @wm 8, final @wm 10, late … until wm reaches 15

import { describe, it } from 'vitest';
import { hoppingWindowing, windowing, withEmission, type EmissionCase } from '../support/window-arbitraries.js';
import { assertKernelMatchesReference } from '../support/window-properties.js';

const cases: readonly EmissionCase[] = [
  { mode: 'final', lateness: true },
  { mode: 'update', lateness: false },
  { mode: 'update', lateness: true },
  { mode: 'early', lateness: false },
  { mode: 'early', lateness: true },
];

describe.each(cases)('emit $mode, allowed lateness: $lateness', (c) => {
  it('tumbling windows equal the reference on random events, windows, out-of-orderness and batch splits', () => {
    assertKernelMatchesReference(withEmission(windowing, c), 150);
  });

  it('hopping windows equal the reference on random events, windows, out-of-orderness and batch splits', () => {
    assertKernelMatchesReference(withEmission(hoppingWindowing, c), 150);
  });
});
