import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { readGroupReply } from '../support/resp-builder.js';
import { asKernelSees, describeEntry, fieldsOf, kernelEntry, sameDecoded, streamEntry } from '../support/stream-entries.js';
import { entryIdJob, sensorJob } from '../support/test-jobs.js';

const jobs: [string, ResolvedJob][] = [
  ['time from a field, one value (default time bounds: 1 d ahead of the ID)', sensorJob({ batchSize: 40 })],
  ['time from a field, no time bounds (every time reaches the values)', sensorJob({ batchSize: 40, timeBounds: 'off' })],
  ['time from a field, bounded both ways', sensorJob({ batchSize: 40, timeBounds: { maxAhead: '1h', maxBehind: '30d' } })],
  ['time from the entry ID, three values', entryIdJob({ batchSize: 40 })],
  ['one value read by two names, key field also a value', sensorJob({ batchSize: 40, key: 'value', values: { a: 'value', b: 'v2' } })],
];

describe('the WASM decoder and its host fallback give, entry by entry, what the reference decoder gives', () => {
  it('vitest toEqual tells -0 from 0 (the comparison below relies on it)', () => {
    expect(() => expect([-0]).toEqual([0])).toThrow();
  });

  it.each(jobs)('%s', (_what, job) => {
    const f = fieldsOf(job);
    fc.assert(
      fc.property(fc.array(streamEntry(f), { maxLength: 40, size: 'max' }), (entries) => {
        const kernel = new PartitionKernel(job, 'debug');
        const bytes = readGroupReply('sensors', entries);
        const frame = kernel.appendInput(bytes);
        expect(frame).toBe(bytes.length);
        expect(kernel.decode(frame)).toBe(entries.length);
        entries.forEach((e, i) => {
          const expected = asKernelSees(decodeEntry(e, job));
          const got = kernelEntry(kernel, i, f.values.length);
          if (!sameDecoded(got, expected)) expect({ entry: describeEntry(e), got }).toEqual({ entry: describeEntry(e), got: expected });
        });
      }),
      { numRuns: 120 },
    );
  });

  it('key ids stay consistent across replies: the same key bytes in a later reply get the same id', () => {
    const job = sensorJob({ batchSize: 40 });
    const f = fieldsOf(job);
    fc.assert(
      fc.property(fc.array(fc.array(streamEntry(f), { maxLength: 40, size: 'max' }), { minLength: 2, maxLength: 4 }), (replies) => {
        const kernel = new PartitionKernel(job, 'debug');
        const idOf = new Map<string, number>();
        for (const entries of replies) {
          const frame = kernel.appendInput(readGroupReply('sensors', entries));
          kernel.decode(frame);
          entries.forEach((e, i) => {
            const got = kernelEntry(kernel, i, 1);
            const expected = asKernelSees(decodeEntry(e, job));
            if (!sameDecoded(got, expected)) expect({ entry: describeEntry(e), got }).toEqual({ entry: describeEntry(e), got: expected });
            if (got.kind !== 'ok') return;
            const id = kernel.views().i32[(kernel.wasm.keyIdColPtr() >> 2) + i]!;
            const hex = got.key.toString('hex');
            if (idOf.has(hex) && idOf.get(hex) !== id) expect({ key: hex, id }).toEqual({ key: hex, id: idOf.get(hex) });
            idOf.set(hex, id);
          });
          kernel.consumeFrame(frame);
        }
        expect(kernel.wasm.keyTableSize()).toBe(idOf.size);
      }),
      { numRuns: 40 },
    );
  });
});
