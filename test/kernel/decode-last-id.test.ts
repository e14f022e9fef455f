import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { readGroupReply } from '../support/resp-builder.js';
import { entryId } from '../support/stream-entries.js';
import { sensorJob } from '../support/test-jobs.js';

describe('lastId is the ID of the last entry of the reply (where the next read starts)', () => {
  const job = sensorJob({ batchSize: 30 });

  it('for random IDs and reply sizes', () => {
    const kernel = new PartitionKernel(job, 'debug');
    fc.assert(
      fc.property(fc.array(entryId, { minLength: 1, maxLength: 30 }), (ids) => {
        const bytes = readGroupReply('sensors', ids.map((id) => ({ id, fields: null })));
        kernel.decode(kernel.appendInput(bytes));
        expect(kernel.lastId()).toBe(ids.at(-1));
        kernel.consumeFrame(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it.each([['0-1'], ['1-0'], ['18446744073709551615-18446744073709551615']])('a reply of the one entry %s', (id) => {
    const kernel = new PartitionKernel(job, 'debug');
    kernel.decode(kernel.appendInput(readGroupReply('sensors', [{ id, fields: null }])));
    expect(kernel.lastId()).toBe(id);
  });
});
