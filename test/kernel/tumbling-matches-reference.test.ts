import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { runKernelWindows } from '../support/window-batches.js';
import { batches, cuts, MAX_BATCH, rows, windowing } from '../support/window-arbitraries.js';
import { windowJob } from '../support/test-jobs.js';

describe('the WASM tumbling kernel gives exactly the reference results and late events, whatever the batch boundaries', () => {
  it('on random event sequences, windows, out-of-orderness and batch splits', () => {
    fc.assert(
      fc.property(
        windowing.chain((w) => fc.tuple(fc.constant(w), rows(w.valueCount), cuts)),
        ([w, rs, at]) => {
          const job = windowJob({ ...w, batchSize: MAX_BATCH });
          const events: ReferenceEvent[] = rs.flatMap((r) => ('event' in r ? [r.event] : []));
          const expected = referenceWindows(job, events);
          const got = runKernelWindows(job, batches(rs, at));
          expect(got.late).toEqual(expected.late);
          expect(got.results).toEqual(expected.results);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the batch split does not change the output (one batch vs many)', () => {
    fc.assert(
      fc.property(
        windowing.chain((w) => fc.tuple(fc.constant(w), rows(w.valueCount), cuts)),
        ([w, rs, at]) => {
          const job = windowJob({ ...w, batchSize: 1000 });
          const whole = runKernelWindows(job, [rs]);
          const split = runKernelWindows(job, batches(rs, at));
          expect(split.results).toEqual(whole.results);
          expect(split.late).toEqual(whole.late);
        },
      ),
      { numRuns: 60 },
    );
  });
});
