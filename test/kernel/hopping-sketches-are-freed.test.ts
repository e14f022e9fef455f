// A hopping pane's sketches are freed with its pane: a job with a quantile runs window after window
// in a constant amount of linear memory. (Each pane entry owns a DDSketch; a result's sketch is a
// fresh one, owned by the result until the next batch.)
//
//   size 4, slide 1:   |p0|p1|p2|p3|p4|p5| …      p0's sketches go when [0, 4) is out,
//                                                  p1's when [1, 5) is, …

import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { definitionWith } from '../support/test-jobs.js';
import { readResults, writeBatch, type BatchRow } from '../support/window-batches.js';
import { writeItems } from '../support/hopping-sketch-runs.js';

/**
 * Runs 3000 batches (batch b from rowsOf(b)) through a fresh debug kernel; returns the results and
 * linear memory's size after batch 1000 and after the last. No batch may have late events.
 */
function runBatches(kernel: PartitionKernel, rowsOf: (b: number) => BatchRow[], items: boolean): { results: number; bytesAfter: number[] } {
  const bytesAfter: number[] = [];
  let results = 0;
  for (let b = 0; b < 3000; b++) {
    const rows = rowsOf(b);
    writeBatch(kernel, 1, rows);
    if (items) writeItems(kernel, rows);
    kernel.process(rows.length, false);
    results += readResults(kernel).length;
    expect([...kernel.lateEvents()]).toEqual([]);
    if (b === 1000 || b === 2999) bytesAfter.push(kernel.wasm.memory.buffer.byteLength);
  }
  return { results, bytesAfter };
}

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
    const { results, bytesAfter } = runBatches(new PartitionKernel(job, 'debug'), batch, false);
    // 20 keys in every window from the fourth on: one result per key per window.
    expect(results).toBeGreaterThan(2990 * 20);
    // 2000 more windows, 40,000 more pane sketches made and (must be) freed: not a page more.
    expect(bytesAfter[1]).toBe(bytesAfter[0]);
  });
});

// The folds' sketches (pane-entry-sketches.ts) have owners too: an entry's suffix sketches go with
// its pane, a key's prefix sketches with its last entry. Out-of-order events into panes a window
// already closed over mark their keys dirty, and the key's next result rebuilds its folds: rebuilt
// suffixes and prefixes reuse their sketches. Keys late-0 … late-29 come only out of order, one a
// batch, so each one's entries open in an old pane, are folded, freed with it, and come back.
//
//   ooo 1.5 s, batch b:  events of pane b (watermark ≈ b − 0.5 s: windows up to b − 1 s are out),
//                        and events of pane b − 2, which [b − 5, b − 1) already closed over.
const foldJob = resolveJob(
  definitionWith({
    time: 'ts',
    values: { v0: 'v0' },
    window: { kind: 'hopping', size: 4000, slide: 1000 },
    outOfOrderness: 1500,
    aggregates: {
      n: { kind: 'count' },
      p50: { kind: 'quantile', value: 'v0', q: 0.5 },
      users: { kind: 'distinct', field: 'user', precision: 8 },
    },
    batchSize: 1000,
  }),
);

function outOfOrderBatch(b: number): BatchRow[] {
  const now = batch(b).map((r) => ({ event: { ...r.event, items: [Buffer.from(`u${r.event.values[0]! % 50}`)] } }));
  const back = b < 2 ? [] : Array.from({ length: 10 }, (_, i) => ({
    event: { key: i === 9 ? `late-${b % 30}` : `k${(b + i) % 20}`, time: (b - 2) * 1000 + 500 + i, values: [(b * 31 + i) % 997], items: [Buffer.from(`u${i}`)] },
  }));
  return [...now, ...back];
}

describe('hopping windows with folded quantile and distinct sketches', () => {
  it('free and reuse the folds\' sketches: memory stays flat with out-of-order events rebuilding keys', () => {
    const { results, bytesAfter } = runBatches(new PartitionKernel(foldJob, 'debug'), outOfOrderBatch, true);
    expect(results).toBeGreaterThan(2990 * 20);
    expect(bytesAfter[1]).toBe(bytesAfter[0]);
  });
});
