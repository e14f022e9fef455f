import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runKernelWindows } from '../support/window-batches.js';
import { batches, cuts, rows, windowing } from '../support/window-arbitraries.js';
import { assertKernelMatchesReference } from '../support/window-properties.js';
import { windowJob } from '../support/test-jobs.js';

describe('the WASM tumbling kernel gives exactly the reference results and late events, whatever the batch boundaries', () => {
  it('on random event sequences, windows, out-of-orderness and batch splits', () => {
    assertKernelMatchesReference(windowing, 300);
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
