// The kernel benchmarks' two ways of running a kernel (bench/wasm-windows.ts): `steady` must be
// what it claims, a running job: after the first run every run folds the next span of the same
// stream into a kernel whose state is grown already, nothing is late, and each run emits exactly
// the windows of one span. `cold` must be repeatable: a fresh kernel and a drain every run.

import { describe, expect, it } from 'vitest';
import { minuteJob } from '../../bench/hopping-ab.js';
import { kernelEvents } from '../../bench/kernel-events.js';
import { WasmWindows, type RunMode } from '../../bench/wasm-windows.js';

// 100 keys, one event per key per second: 120 s of event time.
const events = kernelEvents(12_000, 100, 7, 1);
const hopping = { kind: 'hopping', size: '60s', slide: '1s' };
const tumbling = { kind: 'tumbling', size: '60s' };

interface Run {
  readonly results: number;
  readonly late: number;
  readonly memoryBytes: number;
}

function runs(window: object, mode: RunMode, count: number): Run[] {
  const windows = new WasmWindows(minuteJob(window), events, undefined, mode);
  const out: Run[] = [];
  for (let r = 0; r < count; r++) {
    windows.reset();
    let late = 0;
    let memoryBytes = 0;
    const results = windows.run((kernel) => {
      late += [...kernel.lateEvents()].length;
      memoryBytes = kernel.views().u8.length;
    });
    out.push({ results, late, memoryBytes });
  }
  return out;
}

describe('bench kernel runs', () => {
  it('steady: each run after the first emits the windows of one span, none late, in memory grown already', () => {
    // A span is 120 s: 120 hopping window ends × 100 keys, 2 tumbling ones × 100 keys.
    for (const [window, perSpan] of [[hopping, 120 * 100], [tumbling, 2 * 100]] as const) {
      const [first, ...later] = runs(window, 'steady', 4);
      expect(first!.late).toBe(0);
      for (const run of later) {
        expect(run.results).toBe(perSpan);
        expect(run.late).toBe(0);
        expect(run.memoryBytes).toBe(later[0]!.memoryBytes);
      }
    }
  });

  it('cold: every run is a fresh kernel over the same events, then a drain of every open window', () => {
    const cold = runs(hopping, 'cold', 3);
    // The drain emits what a steady run leaves open at the end of its span: the windows still
    // holding its last 60 s of panes (fewer keys in the last ones, as events' jitter has it).
    expect(cold.map((r) => r.results)).toEqual([cold[0]!.results, cold[0]!.results, cold[0]!.results]);
    const steadyFirst = runs(hopping, 'steady', 1)[0]!.results;
    expect(cold[0]!.results - steadyFirst).toBeGreaterThan(59 * 100);
    expect(cold[0]!.results - steadyFirst).toBeLessThanOrEqual(63 * 100);
    expect(cold.every((r) => r.late === 0)).toBe(true);
  });
});
