import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { readGroupReply } from '../support/resp-builder.js';
import { kernelEntry } from '../support/stream-entries.js';
import { sensorJob } from '../support/test-jobs.js';

const job = sensorJob({ batchSize: 8 });

function entry(id: string, key: string, ts: string, value: string) {
  return { id, fields: [[Buffer.from('sensor'), Buffer.from(key)], [Buffer.from('ts'), Buffer.from(ts)], [Buffer.from('value'), Buffer.from(value)]] as const };
}

describe('the input region keeps what follows a reply until that reply is consumed', () => {
  it('two replies in one chunk: the first is framed, and after consumeFrame the second is', () => {
    const one = readGroupReply('sensors', [entry('1-0', 'a', '10', '1')]);
    const two = readGroupReply('sensors', [entry('2-0', 'b', '20', '2'), entry('3-0', 'c', '30', '1e400')]);
    const kernel = new PartitionKernel(job, 'debug');
    expect(kernel.appendInput(Buffer.concat([one, two.subarray(0, 7)]))).toBe(one.length);
    expect(kernel.decode(one.length)).toBe(1);
    expect(kernelEntry(kernel, 0, 1)).toEqual({ kind: 'ok', key: Buffer.from('a'), time: 10, values: [1] });
    kernel.consumeFrame(one.length);
    expect(kernel.pendingFrame()).toBe(-1);
    expect(kernel.appendInput(two.subarray(7))).toBe(two.length);
    expect(kernel.decode(two.length)).toBe(2);
    expect(kernelEntry(kernel, 0, 1)).toEqual({ kind: 'ok', key: Buffer.from('b'), time: 20, values: [2] });
    expect(kernel.entryIds().toString()).toBe('2-0 3-0 ');
  });

  it('an entry of the current reply can be read back whole (for dead letters and late events)', () => {
    const e = entry('7-1', 'k', 'not-a-time', '1');
    const kernel = new PartitionKernel(job, 'debug');
    kernel.decode(kernel.appendInput(readGroupReply('sensors', [e])));
    expect(kernel.entry(0)).toEqual({ id: '7-1', fields: e.fields.map(([n, v]) => [n, v]) });
  });

  it('resetInput forgets a half reply', () => {
    const kernel = new PartitionKernel(job, 'debug');
    const bytes = readGroupReply('sensors', [entry('1-0', 'a', '10', '1')]);
    expect(kernel.appendInput(bytes.subarray(0, 10))).toBe(-1);
    kernel.resetInput();
    expect(kernel.appendInput(bytes)).toBe(bytes.length);
  });

  it('bytes that are not RESP2 are refused with an error, not waited on', () => {
    const kernel = new PartitionKernel(job, 'debug');
    expect(() => kernel.appendInput(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow(/not valid RESP2/);
  });
});
