import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { entryIdText, readGroupReply } from '../support/resp-builder.js';
import { asKernelSees, describeEntry, fieldsOf, kernelEntry, sameDecoded, streamEntry } from '../support/stream-entries.js';
import { sensorJob } from '../support/test-jobs.js';

/** `bytes` cut at the given offsets (any order, duplicates allowed: empty chunks happen on sockets too). */
function chunks(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

describe('a reply that arrives in arbitrary chunks decodes exactly as the whole reply does', () => {
  const job = sensorJob({ batchSize: 40 });

  it('appendInput answers -1 until the last byte, then the frame length; the columns match the reference', () => {
    fc.assert(
      fc.property(fc.array(streamEntry(fieldsOf(job)), { maxLength: 40, size: 'max' }), fc.array(fc.nat(), { maxLength: 12 }), (entries, cuts) => {
        const bytes = readGroupReply('sensors', entries);
        const kernel = new PartitionKernel(job, 'debug');
        const parts = chunks(bytes, cuts);
        const answers = parts.map((c) => kernel.appendInput(c));
        // Only the chunk holding the last byte completes the frame (an empty chunk after it keeps the answer).
        const lastNonEmpty = parts.map((c) => c.length > 0).lastIndexOf(true);
        answers.forEach((a, i) => expect(a).toBe(i >= lastNonEmpty ? bytes.length : -1));
        expect(kernel.decode(bytes.length)).toBe(entries.length);
        entries.forEach((e, i) => {
          const got = kernelEntry(kernel, i, 1);
          const expected = asKernelSees(decodeEntry(e, job));
          if (!sameDecoded(got, expected)) expect({ entry: describeEntry(e), got }).toEqual({ entry: describeEntry(e), got: expected });
        });
        expect(kernel.entryIds().toString('latin1')).toBe(entryIdText(entries));
      }),
      { numRuns: 80 },
    );
  });

  it('one byte at a time', () => {
    const entries = [
      { id: '1700000000000-0', fields: [[Buffer.from('sensor'), Buffer.from('s1')], [Buffer.from('ts'), Buffer.from('1700000000000')], [Buffer.from('value'), Buffer.from('2.5')]] as const },
      { id: '1700000000001-0', fields: null },
    ];
    const bytes = readGroupReply('sensors', entries);
    const kernel = new PartitionKernel(job, 'debug');
    for (let i = 0; i < bytes.length - 1; i++) expect(kernel.appendInput(bytes.subarray(i, i + 1))).toBe(-1);
    expect(kernel.appendInput(bytes.subarray(bytes.length - 1))).toBe(bytes.length);
    expect(kernel.decode(bytes.length)).toBe(2);
    expect(kernelEntry(kernel, 0, 1)).toEqual({ kind: 'ok', key: Buffer.from('s1'), time: 1_700_000_000_000, values: [2.5] });
    expect(kernelEntry(kernel, 1, 1)).toEqual({ kind: 'deleted' });
  });

  it('a reply larger than the first input region (1 MiB) arrives whole after the region grows', () => {
    const big = Buffer.alloc(300_000, 'x');
    const entries = Array.from({ length: 5 }, (_, i) => ({
      id: `${i}-0`,
      fields: [[Buffer.from('pad'), big], [Buffer.from('sensor'), Buffer.from(`k${i}`)], [Buffer.from('ts'), Buffer.from(String(i))], [Buffer.from('value'), Buffer.from(String(i))]] as const,
    }));
    const bytes = readGroupReply('sensors', entries);
    const kernel = new PartitionKernel(job, 'debug');
    const parts = chunks(bytes, [70_000, 500_000, 1_100_000, 1_400_000]);
    const answers = parts.map((c) => kernel.appendInput(c));
    expect(answers.at(-1)).toBe(bytes.length);
    expect(kernel.decode(bytes.length)).toBe(5);
    entries.forEach((e, i) => expect(kernelEntry(kernel, i, 1)).toEqual({ kind: 'ok', key: Buffer.from(`k${i}`), time: i, values: [i] }));
  });
});
