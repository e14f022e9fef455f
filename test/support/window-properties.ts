// The property every window kind must hold: the WASM kernel, fed the events in random batches,
// gives exactly the reference's results (in order) and late events.

import fc from 'fast-check';
import { expect } from 'vitest';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { runKernelWindows } from './window-batches.js';
import { batches, cuts, MAX_BATCH, rows } from './window-arbitraries.js';
import { windowJob } from './test-jobs.js';

export function assertKernelMatchesReference(shapes: fc.Arbitrary<Parameters<typeof windowJob>[0] & { valueCount: number }>, numRuns: number): void {
  fc.assert(
    fc.property(
      shapes.chain((w) => fc.tuple(fc.constant(w), rows(w.valueCount), cuts)),
      ([w, rs, at]) => {
        const job = windowJob({ ...w, batchSize: MAX_BATCH });
        const events: ReferenceEvent[] = rs.flatMap((r) => ('event' in r ? [r.event] : []));
        const expected = referenceWindows(job, events);
        const got = runKernelWindows(job, batches(rs, at));
        expect(got.late).toEqual(expected.late);
        expect(got.results).toEqual(expected.results);
      },
    ),
    { numRuns },
  );
}
