import fc from 'fast-check';
import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { readGroupReply } from '../support/resp-builder.js';
import { asKernelSees, describeEntry, easyDecimal, entryId, junkText, kernelEntry, sameDecoded } from '../support/stream-entries.js';
import { msgpackJob } from '../support/test-jobs.js';

const absent = Symbol('absent');

/** A msgpack map with k, t, v of every type the decoder meets (or absent), or bytes that are not a map. */
const payload: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        k: fc.oneof(fc.constantFrom('s1', 's2', '', absent, null, true), fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
        t: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000_000 }), fc.constantFrom(absent, null, -1, 1.5, 8.64e15, 8.64e15 + 1, '0017', '1e3', 'x')),
        v: fc.oneof(fc.double(), fc.integer(), easyDecimal, junkText, fc.constantFrom(absent, null, 'NaN', '1e999', false)),
        extra: fc.option(fc.string({ maxLength: 4 }), { nil: absent }),
      })
      .map((m) => pack(Object.fromEntries(Object.entries(m).filter(([, x]) => x !== absent)))),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 8 }).map((u) => Buffer.from(u)) },
  { weight: 1, arbitrary: fc.constantFrom(pack([1, 2]), pack('k'), pack(null), pack(7)) },
);

/** Entries with the payload field `p` (or not), and top-level fields named like the map's keys, which must be ignored. */
const entry: fc.Arbitrary<RawEntry> = fc.record({
  id: entryId,
  fields: fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .tuple(fc.option(payload, { freq: 10, nil: undefined }), fc.array(fc.tuple(fc.constantFrom('k', 't', 'v', 'x'), easyDecimal), { maxLength: 3 }))
        .chain(([p, extras]) => {
          const pairs: (readonly [Buffer, Buffer])[] = extras.map(([n, v]) => [Buffer.from(n), Buffer.from(v)]);
          if (p !== undefined) pairs.push([Buffer.from('p'), p]);
          return fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length });
        }),
    },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
});

describe('in msgpack mode every entry goes to the host decoder, and the columns equal the reference', () => {
  const job = msgpackJob({ batchSize: 40 });

  it('on random payloads, with top-level fields named like the map keys ignored', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40, size: 'max' }), (entries) => {
        const kernel = new PartitionKernel(job, 'debug');
        const frame = kernel.appendInput(readGroupReply('sensors', entries));
        expect(kernel.decode(frame)).toBe(entries.length);
        entries.forEach((e, i) => {
          const got = kernelEntry(kernel, i, 1);
          const expected = asKernelSees(decodeEntry(e, job));
          if (!sameDecoded(got, expected)) expect({ entry: describeEntry(e), got }).toEqual({ entry: describeEntry(e), got: expected });
        });
      }),
      { numRuns: 80 },
    );
  });

  it('an entry whose top-level fields would decode, but whose payload lacks the key, is missing-key', () => {
    const e: RawEntry = { id: '1-0', fields: [['k', 'a'], ['t', '1'], ['v', '1'], ['p', pack({ t: 1, v: 1 })]].map(([n, v]) => [Buffer.from(n as string), Buffer.isBuffer(v) ? v : Buffer.from(v as string)] as const) };
    const kernel = new PartitionKernel(job, 'debug');
    kernel.decode(kernel.appendInput(readGroupReply('sensors', [e])));
    expect(kernelEntry(kernel, 0, 1)).toEqual(asKernelSees({ kind: 'bad', reason: 'missing-key', detail: '' }));
  });
});
