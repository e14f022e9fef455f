import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addItem } from '../../src/wasm/space-saving-exports.js';
import { adversarialStream, capacity, debugSpaceSaving, referenceSketch, wasmEntries, wasmSketch, zipfStream } from '../support/space-saving-streams.js';

// The sketch owns its items' bytes in an arena that is compacted as replaced items leave garbage,
// and finds items through its own index whatever hash the caller passes.

const ss = debugSpaceSaving();

describe('the sketch keeps its own copies of items in bounded memory', () => {
  it('items are copied: overwriting the caller buffer after an add changes nothing', () => {
    const s = ss.ssCreate(4);
    const p = ss.ssStaging(3);
    const u8 = new Uint8Array(ss.memory.buffer);
    u8.set([1, 2, 3], p);
    ss.ssAdd(s, p, 3, 7);
    u8.set([9, 9, 9], p);
    expect(wasmEntries(ss, s)).toEqual([{ item: '\x01\x02\x03', count: 1, error: 0 }]);
    ss.ssFree(s);
  });

  it('bytes stay bounded over a long stream of distinct 1 KiB items, and the kept items are intact', () => {
    const m = 16;
    const s = ss.ssCreate(m);
    const item = (i: number) => Buffer.alloc(1024, `item ${i} `, 'latin1');
    const bytesAt: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Item 0 recurs so that at least one counter survives every compaction.
      addItem(ss, s, item(i % 3 === 0 ? 0 : i));
      if (i % 5000 === 4999) bytesAt.push(ss.ssBytes(s));
    }
    // Arena ≤ 4 × live bytes (≤ 2× after compaction, plus growth before the next).
    expect(Math.max(...bytesAt)).toBeLessThan(4 * m * 1024 + 8192);
    expect(Math.max(...bytesAt)).toBe(Math.min(...bytesAt));
    const top = wasmEntries(ss, s, 1)[0]!;
    expect(top.item).toBe(item(0).toString('latin1'));
    expect(top.count).toBeGreaterThanOrEqual(6667);
    // Compactions moved every survivor: each must still be its own full 1 KiB.
    for (const e of wasmEntries(ss, s)) expect(e.item).toBe(item(Number(/^item (\d+) /.exec(e.item)?.[1])).toString('latin1'));
    ss.ssFree(s);
  });

  it('a constant hash (every item collides) gives the same sketch as a good one', () => {
    fc.assert(
      fc.property(capacity, fc.oneof(zipfStream, adversarialStream), fc.integer({ min: 0, max: 3 }), (m, stream, mod) => {
        // Hashes with almost no entropy: every probe run is long and every eviction shifts entries back.
        const weak = wasmSketch(ss, m, stream, (item) => item.length % (mod + 1));
        const entries = wasmEntries(ss, weak);
        ss.ssFree(weak);
        expect(entries).toEqual(referenceSketch(m, stream).top(m));
      }),
      { numRuns: 100 },
    );
  });

  it('ssBytes counts the counters, buckets, index and arena of a 1000-counter sketch', () => {
    const s = ss.ssCreate(1000);
    const empty = ss.ssBytes(s);
    // 64 header + 1000 × (32 counter + 24 bucket) + 2048 × 4 index.
    expect(empty).toBe(64 + 1000 * 56 + 2048 * 4);
    for (let i = 0; i < 5000; i++) addItem(ss, s, Buffer.from(`k${i}`));
    expect(ss.ssBytes(s)).toBeGreaterThan(empty);
    expect(ss.ssBytes(s) - empty).toBeLessThanOrEqual(16384);
    ss.ssFree(s);
  });
});
