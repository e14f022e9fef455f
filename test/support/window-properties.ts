// The property every window kind must hold: the WASM kernel, fed the events in random batches,
// gives exactly the reference's results (in order) and late events.

import fc from 'fast-check';
import { expect } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { runKernelWindows } from './window-batches.js';
import { batches, cuts, MAX_BATCH, rows, sessionRows } from './window-arbitraries.js';
import type { BatchRow } from './window-batches.js';
import { rollingJob, sessionJob, windowJob } from './test-jobs.js';

export function assertKernelMatchesReference<S extends Parameters<typeof windowJob>[0] & { valueCount: number }>(
  shapes: fc.Arbitrary<S>,
  numRuns: number,
  rowsOf: (shape: S) => fc.Arbitrary<BatchRow[]> = (w) => rows(w.valueCount),
): void {
  assertJobsMatchReference(shapes, (w) => windowJob({ ...w, batchSize: MAX_BATCH }), rowsOf, numRuns);
}

/** The same property for session windows. */
export function assertSessionsMatchReference(shapes: fc.Arbitrary<Parameters<typeof sessionJob>[0] & { valueCount: number }>, numRuns: number): void {
  assertJobsMatchReference(shapes, (w) => sessionJob({ ...w, batchSize: MAX_BATCH }), (w) => sessionRows(w.valueCount, w.gapMs), numRuns);
}

/** The same property for rolling windows. */
export function assertRollingMatchesReference(shapes: fc.Arbitrary<Parameters<typeof rollingJob>[0] & { valueCount: number }>, numRuns: number): void {
  assertJobsMatchReference(shapes, (w) => rollingJob({ ...w, batchSize: MAX_BATCH }), (w) => rows(w.valueCount), numRuns);
}

function assertJobsMatchReference<S>(shapes: fc.Arbitrary<S>, jobOf: (shape: S) => ResolvedJob, rowsOf: (shape: S) => fc.Arbitrary<BatchRow[]>, numRuns: number): void {
  fc.assert(
    fc.property(
      shapes.chain((w) => fc.tuple(fc.constant(w), rowsOf(w), cuts)),
      ([w, rs, at]) => {
        const job = jobOf(w);
        const events: ReferenceEvent[] = rs.flatMap((r) => ('event' in r ? [r.event] : []));
        const expected = referenceWindows(job, events);
        const got = runKernelWindows(job, batches(rs, at));
        expect(got.refused).toEqual(expected.refused ?? []);
        expect(got.late).toEqual(expected.late);
        expect(got.results).toEqual(expected.results);
      },
    ),
    { numRuns },
  );
}
