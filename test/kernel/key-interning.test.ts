import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { STATUS_OK } from '../../src/wasm/layout.js';
import { readGroupReply } from '../support/resp-builder.js';
import { sensorJob } from '../support/test-jobs.js';
import { internKey } from '../support/window-batches.js';

function entry(id: string, key: Buffer, value: string) {
  return { id, fields: [[Buffer.from('sensor'), key], [Buffer.from('ts'), Buffer.from('1')], [Buffer.from('value'), Buffer.from(value)]] as const };
}

function keyIds(kernel: PartitionKernel, n: number): number[] {
  const at = kernel.wasm.keyIdColPtr() >> 2;
  return Array.from(kernel.views().i32.subarray(at, at + n));
}

describe('a key has one id, whether the WASM fast path or the host decoder interned it', () => {
  it('the same key decoded on both paths gets the same id; ids are dense', () => {
    const kernel = new PartitionKernel(sensorJob({ batchSize: 8 }), 'debug');
    // '1e3' and a 20-digit value need the host; '2' does not.
    const entries = [
      entry('1-0', Buffer.from('a'), '1e3'),
      entry('2-0', Buffer.from('b'), '2'),
      entry('3-0', Buffer.from('a'), '2'),
      entry('4-0', Buffer.from('b'), '12345678901234567890'),
      entry('5-0', Buffer.from('c'), '1e3'),
    ];
    kernel.decode(kernel.appendInput(readGroupReply('s', entries)));
    const ids = keyIds(kernel, 5);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).toBe(ids[3]);
    expect(new Set(ids).size).toBe(3);
    expect([...new Set(ids)].sort()).toEqual([0, 1, 2]);
    expect(kernel.wasm.keyTableSize()).toBe(3);
  });

  it('keys far larger than the first key arena (64 KiB) and scratch area (4 KiB) keep their bytes', () => {
    const kernel = new PartitionKernel(sensorJob({ batchSize: 8 }), 'debug');
    const big = Buffer.alloc(200_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const other = Buffer.concat([big, Buffer.from([1])]);
    kernel.decode(kernel.appendInput(readGroupReply('s', [entry('1-0', big, '1e3'), entry('2-0', other, '1'), entry('3-0', big, '1')])));
    expect([0, 1, 2].map((i) => kernel.status(i))).toEqual([STATUS_OK, STATUS_OK, STATUS_OK]);
    const ids = keyIds(kernel, 3);
    expect(ids[0]).toBe(ids[2]);
    expect(kernel.keyBytes(ids[0]!).equals(big)).toBe(true);
    expect(kernel.keyBytes(ids[1]!).equals(other)).toBe(true);
  });

  it('100000 distinct keys keep distinct ids and their own bytes as the index grows', () => {
    const kernel = new PartitionKernel(sensorJob(), 'debug');
    const ids = Array.from({ length: 100_000 }, (_, i) => internKey(kernel, `k${i}`));
    expect(ids).toEqual(Array.from({ length: 100_000 }, (_, i) => i));
    expect(internKey(kernel, 'k99999')).toBe(99_999);
    expect(internKey(kernel, 'k0')).toBe(0);
    for (const i of [0, 1023, 1024, 65_535, 99_999]) expect(kernel.keyBytes(i).toString()).toBe(`k${i}`);
  });
});
