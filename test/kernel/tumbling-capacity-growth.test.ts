import { describe, expect, it } from 'vitest';
import { referenceWindows, type ReferenceEvent, type ReferenceResult } from '../../src/reference/window-reference.js';
import { runKernelWindows, type BatchRow } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

// The kernel's regions start small and grow: 1024 keys, a 2048-slot key index, 4096 window slots,
// 4096 result records and 1024 late records. One batch that passes every one of those marks must
// still match the reference exactly.
function sameResult(a: ReferenceResult, b: ReferenceResult | undefined): boolean {
  return (
    b !== undefined &&
    a.key === b.key &&
    a.start === b.start &&
    a.end === b.end &&
    a.count === b.count &&
    a.accs.length === b.accs.length &&
    a.accs.every((x, i) => Object.is(x, b.accs[i]))
  );
}

describe('the kernel grows its tables inside a batch without losing or reordering anything', () => {
  it('6000 keys × 2 windows: 12000 open slots and 12000 results in one batch, 1500 late events in one batch', () => {
    const keys = Array.from({ length: 6000 }, (_, i) => `sensor-${i}`);
    // size 10, ooo 0:   |0 ..... 10)|10 ..... 20)|20 ..... 30)|
    // batch 1: every key at t=5 and t=15 (12000 open slots); t=25 for key 0 closes [0,10) and [10,20)
    // batch 2: 1500 events at t=1 (late), then drain
    const first: ReferenceEvent[] = [
      ...keys.map((key, i) => ({ key, time: 5, values: [i] })),
      ...keys.map((key, i) => ({ key, time: 15, values: [-i] })),
      { key: keys[0]!, time: 25, values: [0.5] },
    ];
    const second: ReferenceEvent[] = keys.slice(0, 1500).map((key) => ({ key, time: 1, values: [1] }));
    const job = windowJob({
      sizeMs: 10,
      batchSize: 20_000,
      accs: [
        { kind: 'sum', value: 0 },
        { kind: 'min', value: 0 },
        { kind: 'max', value: 0 },
      ],
    });
    const rows = (es: ReferenceEvent[]): BatchRow[] => es.map((event) => ({ event }));
    const got = runKernelWindows(job, [rows(first), rows(second)]);
    const expected = referenceWindows(job, [...first, ...second]);
    expect(got.results.length).toBe(12_001);
    expect(got.late.length).toBe(1500);
    // One comparison per field, so that a failure prints a small diff rather than 13500 records.
    got.late.forEach((l, i) => {
      if (JSON.stringify(l) !== JSON.stringify(expected.late[i])) expect(l).toEqual(expected.late[i]);
    });
    got.results.forEach((r, i) => {
      if (!sameResult(r, expected.results[i])) expect(r).toEqual(expected.results[i]);
    });
    expect(got.emittedIn.filter((b) => b === 0)).toHaveLength(12_000);
  });
});
