// A hopping pane's sketches are freed with its pane: a job with a quantile runs window after window
// in a constant amount of linear memory. (Each pane entry owns a DDSketch; a result's sketch is a
// fresh one with its panes' merged in, owned by the result until the next batch.)
//
//   size 4, slide 1:   |p0|p1|p2|p3|p4|p5| …      p0's sketches go when [0, 4) is out,
//                                                  p1's when [1, 5) is, …

import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { definitionWith } from '../support/test-jobs.js';
import { readResults, writeBatch } from '../support/window-batches.js';

const job = resolveJob(
  definitionWith({
    time: 'ts',
    values: { v0: 'v0' },
    window: { kind: 'hopping', size: 4000, slide: 1000 },
    aggregates: { n: { kind: 'count' }, p50: { kind: 'quantile', value: 'v0', q: 0.5 } },
    batchSize: 1000,
  }),
);

/** Batch b: 20 keys, 5 events each, spread over pane b (one second of event time). */
function batch(b: number): { event: { key: string; time: number; values: number[] } }[] {
  return Array.from({ length: 100 }, (_, i) => ({ event: { key: `k${i % 20}`, time: b * 1000 + i * 10, values: [(i * 7919 + b) % 1000] } }));
}

describe('hopping windows with sketches', () => {
  it('free each pane\'s sketches with the pane: memory stays flat over thousands of windows', () => {
    const kernel = new PartitionKernel(job, 'debug');
    const bytesAfter: number[] = [];
    let results = 0;
    for (let b = 0; b < 3000; b++) {
      writeBatch(kernel, 1, batch(b));
      kernel.process(100, false);
      results += readResults(kernel).length;
      if (b === 1000 || b === 2999) bytesAfter.push(kernel.wasm.memory.buffer.byteLength);
    }
    // 20 keys in every window from the fourth on: one result per key per window.
    expect(results).toBeGreaterThan(2990 * 20);
    // 2000 more windows, 40,000 more pane sketches made and (must be) freed: not a page more.
    expect(bytesAfter[1]).toBe(bytesAfter[0]);
  });
});
