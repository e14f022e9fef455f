// Every kind of bad entry gets the same verdict from the WASM decoder (with its host fallback) as
// from the reference decoder: event times at and around the time bounds, duplicated fields, empty
// entries, binary keys and megabyte fields — alone, and several in one reply fed in socket-sized
// chunks, so the input buffer has to grow.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { readGroupReply } from '../support/resp-builder.js';
import { asKernelSees, describeEntry, fieldsOf, kernelEntry, sameDecoded, streamEntry } from '../support/stream-entries.js';
import { sensorJob } from '../support/test-jobs.js';

const MB = 1 << 20;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Decodes `entries` as one reply (fed in `chunk`-byte pieces) and compares every verdict with the reference's. */
function expectSameVerdicts(job: ResolvedJob, entries: readonly RawEntry[], chunk = Infinity): void {
  const kernel = new PartitionKernel(job, 'debug');
  const bytes = readGroupReply('sensors', entries);
  let frame = -1;
  for (let at = 0; at < bytes.length; at += Math.min(chunk, bytes.length)) frame = kernel.appendInput(bytes.subarray(at, at + Math.min(chunk, bytes.length)));
  expect(frame).toBe(bytes.length);
  expect(kernel.decode(frame)).toBe(entries.length);
  entries.forEach((e, i) => {
    const expected = asKernelSees(decodeEntry(e, job));
    const got = kernelEntry(kernel, i, job.valueFields.length);
    if (!sameDecoded(got, expected)) expect({ entry: describeEntry(e).slice(0, 300), got }).toEqual({ entry: describeEntry(e).slice(0, 300), got: expected });
  });
}

function entry(id: string, ...pairs: [string | Buffer, string | Buffer][]): RawEntry {
  const bytes = (v: string | Buffer): Buffer => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v);
  return { id, fields: pairs.map(([f, v]) => [bytes(f), bytes(v)] as const) };
}

describe('time bounds: the kernel decides as the reference does, at the edges too', () => {
  const jobs: [string, ResolvedJob][] = [
    ['the default bounds (1 d ahead, none behind)', sensorJob({ batchSize: 40 })],
    ['1 h ahead, 1 d behind', sensorJob({ batchSize: 40, timeBounds: { maxAhead: '1h', maxBehind: '1d' } })],
    ['0 ahead, 0 behind: only the ID time itself', sensorJob({ batchSize: 40, timeBounds: { maxAhead: 0, maxBehind: 0 } })],
  ];
  const offset = fc.oneof(
    fc.constantFrom(0, 1, -1, HOUR, HOUR + 1, -DAY, -DAY - 1, DAY, DAY + 1, -365 * DAY, 100 * 365 * DAY),
    fc.integer({ min: -2 * DAY, max: 2 * DAY }),
  );
  const idMs = fc.oneof(
    { arbitrary: fc.integer({ min: 2 * DAY, max: 2_000_000_000_000 }), weight: 8 },
    { arbitrary: fc.integer({ min: 0, max: 2 * DAY }), weight: 1 },
    // More than 15 digits: the kernel leaves the comparison to the host.
    { arbitrary: fc.bigInt({ min: 10n ** 15n, max: 2n ** 64n - 1n }), weight: 1 },
  );

  it.each(jobs)('%s', (_what, job) => {
    const f = fieldsOf(job);
    const near = fc.tuple(streamEntry(f), idMs, offset, fc.nat(9)).map(([e, ms, off, seq]): RawEntry => {
      const time = Math.max(0, Number(ms) + off);
      const fields = e.fields?.map(([n, v]) => [n, n.toString() === 'ts' ? Buffer.from(String(time)) : v] as const) ?? null;
      return { id: `${ms}-${seq}`, fields };
    });
    fc.assert(fc.property(fc.array(near, { maxLength: 40 }), (entries) => expectSameVerdicts(job, entries)), { numRuns: 150 });
  });
});

describe('duplicated fields: the kernel decides as the reference does', () => {
  const job = sensorJob({ batchSize: 40, values: { value: 'value', load: 'load' }, timeBounds: 'off' });
  const f = fieldsOf(job);

  it('random entries with a configured field repeated', () => {
    const name = fc.constantFrom('sensor', 'ts', 'value', 'load', 'unit');
    const withRepeat = fc.tuple(streamEntry(f), name, fc.constantFrom('1', 's', '', 'abc'), fc.nat()).map(([e, n, v, at]): RawEntry => {
      if (e.fields === null) return e;
      const fields = [...e.fields];
      fields.splice(at % (fields.length + 1), 0, [Buffer.from(n), Buffer.from(v)]);
      return { id: e.id, fields };
    });
    fc.assert(fc.property(fc.array(withRepeat, { maxLength: 40 }), (entries) => expectSameVerdicts(job, entries)), { numRuns: 150 });
  });

  it('hand-picked: same value twice, an unread field twice, one field feeding two slots', () => {
    expectSameVerdicts(job, [
      entry('1-0', ['sensor', 's'], ['ts', '1'], ['value', '1'], ['value', '1'], ['load', '2']),
      entry('1-1', ['sensor', 's'], ['ts', '1'], ['value', '1'], ['load', '2'], ['unit', 'C'], ['unit', 'C']),
      entry('1-2', ['sensor', 'a'], ['sensor', 'b']),
    ]);
    const sameField = sensorJob({ key: 'value', values: { a: 'value' }, timeBounds: 'off' });
    expectSameVerdicts(sameField, [entry('1-0', ['value', '3'], ['ts', '1']), entry('1-1', ['value', '3'], ['ts', '1'], ['value', '3'])]);
  });
});

describe('empty entries, binary keys, megabyte fields', () => {
  const job = sensorJob({ timeBounds: 'off' });

  it('an entry whose only field has an empty name and value (XADD s * "" ""), or two of them', () => {
    const idJob = sensorJob({ time: 'entry-id', timeBounds: 'off' });
    for (const j of [job, idJob]) expectSameVerdicts(j, [entry('1-0', ['', '']), entry('1-1', ['', ''], ['', '']), entry('1-2', ['', 'x'], ['sensor', 's'], ['ts', '1'], ['value', '1'])]);
  });

  it('keys of binary garbage (NUL, CR LF, invalid UTF-8, RESP markers) are keys', () => {
    const garbage = [Buffer.from([0, 0xff, 0xfe, 13, 10]), Buffer.from('*1\r\n$-1\r\n', 'latin1'), Buffer.from([0xc3, 0x28]), Buffer.alloc(0)];
    expectSameVerdicts(job, garbage.map((k, i) => entry(`1-${i}`, ['sensor', k], ['ts', '5'], ['value', '1.5'])));
  });

  it('a megabyte value, a megabyte unrelated field and a megabyte key, several in one reply, fed in 64 KiB chunks', () => {
    const digits = '1'.repeat(MB);
    const big = [
      entry('1-0', ['sensor', 's'], ['ts', '1'], ['value', `${digits}x`]),
      entry('1-1', ['sensor', 's'], ['ts', '1'], ['value', `0.${'0'.repeat(MB)}5`]),
      entry('1-2', ['blob', Buffer.alloc(MB, 0x7f)], ['sensor', 's'], ['ts', '2'], ['value', '2.5']),
      entry('1-3', ['sensor', Buffer.alloc(MB, 0x41)], ['ts', '3'], ['value', '-1']),
      entry('1-4', ['sensor', 's'], ['ts', digits], ['value', '1']),
      entry('1-5', ['sensor', 's'], ['ts', '4'], ['value', '4']),
    ];
    expectSameVerdicts(job, [...big, ...big.map((e) => ({ ...e, id: e.id.replace('1-', '2-') }))], 64 * 1024);
  });
});
