import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { STATUS_BAD_TIME, STATUS_OK } from '../../src/wasm/layout.js';
import { readGroupReply } from '../support/resp-builder.js';
import { entryIdJob } from '../support/test-jobs.js';

function entry(id: string) {
  return { id, fields: ['k', 'a', 'b', 'c'].map((f) => [Buffer.from(f), Buffer.from('1')] as const) };
}

describe("with time 'entry-id', the ID's milliseconds are the event time, within [0, 8.64e15]", () => {
  it('a 13-digit ID time is decoded by the fast path', () => {
    const kernel = new PartitionKernel(entryIdJob(), 'debug');
    kernel.decode(kernel.appendInput(readGroupReply('s', [entry('1700000000123-4')])));
    expect(kernel.status(0)).toBe(STATUS_OK);
    expect(kernel.views().f64[kernel.wasm.timeColPtr() >> 3]).toBe(1_700_000_000_123);
  });

  it('16 digits up to the bound are decoded on the host', () => {
    const kernel = new PartitionKernel(entryIdJob(), 'debug');
    kernel.decode(kernel.appendInput(readGroupReply('s', [entry('8640000000000000-0')])));
    expect(kernel.status(0)).toBe(STATUS_OK);
    expect(kernel.views().f64[kernel.wasm.timeColPtr() >> 3]).toBe(8.64e15);
  });

  // Redis accepts explicit IDs up to 18446744073709551615-…; as an event time that is absurd
  // (DESIGN.md, "Bad input"), and the kernel's i64 window arithmetic saturates on it (the window
  // becomes [2^63, 2^63)), so it must be dead-lettered before it reaches the windows.
  it.each(['8640000000000001-0', '18446744073709551615-0'])('an ID time past 8.64e15 (%s) is bad-time', (id) => {
    const kernel = new PartitionKernel(entryIdJob(), 'debug');
    kernel.decode(kernel.appendInput(readGroupReply('s', [entry(id)])));
    expect(kernel.status(0)).toBe(STATUS_BAD_TIME);
  });
});
