import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../src/job/resolve-job.js';
import { KeyNames, resultRecords } from '../../src/pipeline/derived-records.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { ev, writeBatch } from '../support/window-batches.js';
import { definitionWith } from '../support/test-jobs.js';

describe('resultRecords turns the results region into output fields: key, start, end, then the aggregates in order', () => {
  // size 10, offset -3 (≡ 7):   |-3 ....... 7)|7 ........ 17)|
  // s1:                              0  4          8
  // s2:                                 4
  it('count, sum, mean, min, max per (window, key), numbers as round-tripping text', () => {
    const job = resolveJob(
      definitionWith({
        time: 'ts',
        window: { kind: 'tumbling', size: 10, offset: -3 },
        aggregates: {
          n: { kind: 'count' },
          total: { kind: 'sum', value: 'value' },
          avg: { kind: 'mean', value: 'value' },
          lo: { kind: 'min', value: 'value' },
          hi: { kind: 'max', value: 'value' },
        },
      }),
    );
    const kernel = new PartitionKernel(job, 'debug');
    writeBatch(kernel, 1, [ev('s1', 0, 0.1), ev('s2', 4, -0), ev('s1', 4, 0.2), ev('s1', 8, 5)].map((event) => ({ event })));
    kernel.process(4, true);
    const text = (fields: (string | Buffer)[]) => fields.map((f) => f.toString());
    expect(resultRecords(job, kernel, new KeyNames(kernel)).map(text)).toEqual([
      ['key', 's1', 'start', '-3', 'end', '7', 'n', '2', 'total', '0.30000000000000004', 'avg', '0.15000000000000002', 'lo', '0.1', 'hi', '0.2'],
      ['key', 's2', 'start', '-3', 'end', '7', 'n', '1', 'total', '0', 'avg', '0', 'lo', '-0', 'hi', '-0'],
      ['key', 's1', 'start', '7', 'end', '17', 'n', '1', 'total', '5', 'avg', '5', 'lo', '5', 'hi', '5'],
    ]);
  });

  it('keys are written as their original bytes', () => {
    const job = resolveJob(definitionWith({ time: 'ts', window: { kind: 'tumbling', size: 10 } }));
    const kernel = new PartitionKernel(job, 'debug');
    writeBatch(kernel, 1, [{ event: ev('é', 1) }]);
    kernel.process(1, true);
    const [record] = resultRecords(job, kernel, new KeyNames(kernel));
    expect(record![1]).toEqual(Buffer.from('é', 'utf8'));
  });
});
