// The open-windows gauge of a hopping job that revises nothing counts its (key, pane) entries: each
// open pane's entries, counted when asked (pane-entries.ts' openEntries), including the panes a
// window close unlinks on the way (pane-results.ts) once they are released.
//
//   size 6, slide 2, ooo 0:   |p0 |p2 |p4 |p6 |
//   a@1 b@1 a@3          → entries (a,p0) (b,p0) (a,p2)                      3
//   a@7 (wm 7)           → [0,6) emitted, p0 freed; (a,p2) (a,p6)            2
//   b@9 (wm 9)           → [2,8) emitted, p2 freed; (a,p6) (b,p8)            2
//   end of input         → every window emitted, every pane freed            0

import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { ev, writeBatch } from '../support/window-batches.js';
import { windowJob } from '../support/test-jobs.js';

describe('hopping windows: the open-windows gauge', () => {
  it('counts the open (key, pane) entries as panes open and go', () => {
    const kernel = new PartitionKernel(windowJob({ sizeMs: 6, slideMs: 2 }), 'debug');
    const step = (events: ReturnType<typeof ev>[], drain = false): number => {
      writeBatch(kernel, 1, events.map((event) => ({ event })));
      kernel.process(events.length, drain);
      return kernel.wasm.openWindowSlots();
    };
    expect(step([ev('a', 1), ev('b', 1), ev('a', 3)])).toBe(3);
    expect(step([ev('a', 7)])).toBe(2);
    expect(step([ev('b', 9)])).toBe(2);
    expect(step([], true)).toBe(0);
  });

  it('is 0 for a tumbling job with no window open, whatever the registry held', () => {
    const kernel = new PartitionKernel(windowJob({ sizeMs: 6 }), 'debug');
    writeBatch(kernel, 1, [{ event: ev('a', 1) }]);
    kernel.process(1, false);
    expect(kernel.wasm.openWindowSlots()).toBe(1);
    writeBatch(kernel, 1, []);
    kernel.process(0, true);
    expect(kernel.wasm.openWindowSlots()).toBe(0);
  });
});
