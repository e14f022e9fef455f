import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { entryIdText, readGroupReply } from '../support/resp-builder.js';
import { fieldsOf, streamEntry } from '../support/stream-entries.js';
import { sensorJob } from '../support/test-jobs.js';

describe('decode fills the entry ID buffer with every entry ID, each followed by one space', () => {
  const job = sensorJob({ batchSize: 60 });

  it('holds every ID of the reply in order, good, bad and deleted entries alike', () => {
    fc.assert(
      fc.property(fc.array(streamEntry(fieldsOf(job)), { maxLength: 60, size: 'max' }), (entries) => {
        const kernel = new PartitionKernel(job, 'debug');
        kernel.decode(kernel.appendInput(readGroupReply('sensors', entries)));
        expect(kernel.entryIds().toString('latin1')).toBe(entryIdText(entries));
      }),
      { numRuns: 80 },
    );
  });

  it('holds the longest IDs Redis can make (20 digits - 20 digits)', () => {
    const id = '18446744073709551615-18446744073709551615';
    const entries = Array.from({ length: 60 }, () => ({ id, fields: null }));
    const kernel = new PartitionKernel(job, 'debug');
    kernel.decode(kernel.appendInput(readGroupReply('sensors', entries)));
    expect(kernel.entryIds().toString('latin1')).toBe(`${id} `.repeat(60));
  });

  it('is emptied by the next reply, and by a nil reply', () => {
    const kernel = new PartitionKernel(job, 'debug');
    const one = readGroupReply('sensors', [{ id: '1-1', fields: null }, { id: '2-2', fields: null }]);
    kernel.decode(kernel.appendInput(one));
    kernel.consumeFrame(one.length);
    const two = readGroupReply('sensors', [{ id: '3-3', fields: null }]);
    kernel.decode(kernel.appendInput(two));
    expect(kernel.entryIds().toString('latin1')).toBe('3-3 ');
    kernel.consumeFrame(two.length);
    kernel.decode(kernel.appendInput(Buffer.from('*-1\r\n')));
    expect(kernel.entryIds().length).toBe(0);
  });
});
