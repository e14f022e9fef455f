import { describe, expect, it } from 'vitest';
import { PartitionKernel, ReadErrorReply } from '../../src/wasm/partition-kernel.js';
import { array, bulk, errorReply, nilArray, readGroupReply } from '../support/resp-builder.js';
import { sensorJob } from '../support/test-jobs.js';

describe('replies without entries: a timed-out read gives none, an error reply throws', () => {
  const job = sensorJob({ batchSize: 4 });

  it('the nil reply *-1 (BLOCK timed out) is a 5-byte frame of 0 entries', () => {
    const kernel = new PartitionKernel(job, 'debug');
    expect(kernel.appendInput(Buffer.from('*-1\r\n'))).toBe(5);
    expect(kernel.decode(5)).toBe(0);
  });

  it('a stream with no entries (*0) gives 0 entries', () => {
    const kernel = new PartitionKernel(job, 'debug');
    const bytes = readGroupReply('sensors', []);
    expect(kernel.decode(kernel.appendInput(bytes))).toBe(0);
  });

  it('an error reply throws ReadErrorReply carrying Redis’ message', () => {
    const kernel = new PartitionKernel(job, 'debug');
    const bytes = errorReply("NOGROUP No such key 'sensors' or consumer group 'stats'");
    const frame = kernel.appendInput(bytes);
    expect(frame).toBe(bytes.length);
    expect(() => kernel.decode(frame)).toThrow(ReadErrorReply);
    expect(() => kernel.decode(frame)).toThrow("NOGROUP No such key 'sensors' or consumer group 'stats'");
  });

  it('more entries than the batch holds is refused rather than written past the columns', () => {
    const kernel = new PartitionKernel(job, 'debug');
    const entries = Array.from({ length: 5 }, (_, i) => ({ id: `${i}-0`, fields: null }));
    expect(() => kernel.decode(kernel.appendInput(readGroupReply('sensors', entries)))).toThrow(/more entries than the batch holds/);
  });

  it('a reply of another shape (two streams) is refused', () => {
    const kernel = new PartitionKernel(job, 'debug');
    const stream = array([bulk('s'), array([])]);
    expect(() => kernel.decode(kernel.appendInput(array([stream, stream])))).toThrow(/unexpected shape/);
  });

  it('a nil entries list where entries belong is refused', () => {
    const kernel = new PartitionKernel(job, 'debug');
    expect(() => kernel.decode(kernel.appendInput(array([array([bulk('s'), nilArray()])])))).toThrow(/unexpected shape/);
  });
});
