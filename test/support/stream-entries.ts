// Random stream entries for the decode tests, and the kernel's view of a decoded reply in the
// reference decoder's shape, so that the two can be compared entry by entry.

import fc from 'fast-check';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import type { DecodedEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import type { PartitionKernel } from '../../src/wasm/partition-kernel.js';
import { STATUS_DELETED, STATUS_OF_REASON, STATUS_OK } from '../../src/wasm/layout.js';

const digit = fc.constantFrom(...'0123456789'.split(''));
const digits = (minLength: number, maxLength: number) => fc.string({ unit: digit, minLength, maxLength });
const sign = fc.constantFrom('', '', '-', '+');

/** Decimals the WASM fast path decides itself: few digits, optional sign, point and fraction. */
export const easyDecimal = fc
  .tuple(sign, digits(0, 6), fc.constantFrom('', '.'), digits(0, 6))
  .map(([s, i, dot, f]) => (dot === '' ? `${s}${i}${f}` : `${s}${i}.${f}`));

/** More significant digits than a double holds exactly: the host must decide. */
export const longDecimal = fc
  .tuple(sign, digits(16, 30), fc.nat(30))
  .map(([s, d, at]) => {
    const p = at % (d.length + 1);
    return `${s}${d.slice(0, p)}.${d.slice(p)}`;
  });

export const exponentDecimal = fc
  .tuple(sign, easyDecimal.filter((t) => /\d/.test(t) && !/^[+-]/.test(t)), fc.constantFrom('e', 'E'), sign, digits(1, 3))
  .map(([s, m, e, es, x]) => `${s}${m}${e}${es}${x}`);

export const junkText = fc.oneof(
  fc.constantFrom('abc', '', ' 1', '1 ', '0x10', '1_000', '.', '-', '+', '--1', '1..2', '1e', 'e5', '١', '1,5', '+-0', '0b1'),
  fc.string({ maxLength: 6 }),
);

export const nonFiniteWord = fc.constantFrom('NaN', 'nan', '-NaN', 'Infinity', '-Infinity', 'inf', '-inf', '+INF', 'infinity', '1e999', '-1e400');

/** Values as Redis holds them: text of every kind, or arbitrary bytes. */
export const valueText: fc.Arbitrary<Buffer> = fc
  .oneof(
    { arbitrary: easyDecimal, weight: 14 },
    { arbitrary: longDecimal, weight: 2 },
    { arbitrary: exponentDecimal, weight: 2 },
    { arbitrary: junkText, weight: 2 },
    { arbitrary: nonFiniteWord, weight: 1 },
  )
  .map((t) => Buffer.from(t, 'latin1'));

/** Event-time fields: epoch ms (with leading zeros, up to the 8.64e15 bound and past it), and junk. */
export const timeText: fc.Arbitrary<Buffer> = fc
  .oneof(
    { arbitrary: fc.integer({ min: 0, max: 2_000_000_000_000 }).map(String), weight: 6 },
    { arbitrary: fc.tuple(digits(1, 4), fc.nat(99_999)).map(([z, n]) => `${z.replace(/./g, '0')}${n}`), weight: 2 },
    { arbitrary: fc.integer({ min: 8.64e15 - 2, max: 8.64e15 + 2 }).map(String), weight: 1 },
    { arbitrary: digits(16, 22), weight: 1 },
    { arbitrary: fc.constantFrom('-1', '1.5', '1e12', 'abc', '', ' 1', '+5', '0x10', '-0'), weight: 1 },
  )
  .map((t) => Buffer.from(t, 'latin1'));

export const keyBytes: fc.Arbitrary<Buffer> = fc
  .oneof(
    { arbitrary: fc.constantFrom('s1', 's2', 's3', 'kitchen', 'a', ''), weight: 6 },
    { arbitrary: fc.string({ maxLength: 10 }), weight: 2 },
  )
  .map((s) => Buffer.from(s, 'utf8'))
  .chain((b) => fc.oneof({ arbitrary: fc.constant(b), weight: 8 }, { arbitrary: fc.uint8Array({ maxLength: 6 }).map((u) => Buffer.from(u)), weight: 1 }));

/** Entry IDs: realistic millisecond parts, and the whole u64 range (more than 15 digits: the host decides). */
export const entryId: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.bigInt({ min: 0n, max: 2_000_000_000_000n }), weight: 6 },
      { arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), weight: 2 },
    ),
    fc.oneof(fc.bigInt({ min: 0n, max: 9n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
  )
  .map(([ms, seq]) => `${ms}-${seq}`);

/** The fields a job reads, named for the arbitraries below. */
export interface DecodeFields {
  readonly key: string;
  /** Absent when the time comes from the entry ID. */
  readonly time: string | undefined;
  readonly values: readonly string[];
}

export function fieldsOf(job: ResolvedJob): DecodeFields {
  return { key: job.keyField, time: job.time.kind === 'field' ? job.time.field : undefined, values: job.valueFields };
}

/**
 * One XREADGROUP entry for a job reading `f`: each configured field present (usually) or missing,
 * extra fields (some with the configured names, so first-occurrence rules matter), in a random
 * order; one entry in ten deleted while pending.
 */
export function streamEntry(f: DecodeFields): fc.Arbitrary<RawEntry> {
  const configured = [f.key, ...(f.time === undefined ? [] : [f.time]), ...f.values];
  const extraName = fc.oneof(
    { arbitrary: fc.constantFrom(...configured), weight: 1 },
    { arbitrary: fc.constantFrom(...configured.map((n) => n.toUpperCase()), ...configured.map((n) => `${n}x`), ...configured.map((n) => n.slice(1)), 'extra', ''), weight: 3 },
    { arbitrary: fc.string({ maxLength: 6 }), weight: 2 },
  );
  const present = <T>(a: fc.Arbitrary<T>) => fc.option(a, { freq: 12, nil: undefined });
  const fields = fc
    .record({
      key: present(keyBytes),
      time: present(timeText),
      values: fc.tuple(...f.values.map(() => present(valueText))),
      extras: fc.array(fc.tuple(extraName, fc.oneof(valueText, keyBytes)), { maxLength: 4 }),
    })
    .chain(({ key, time, values, extras }) => {
      const pairs: (readonly [Buffer, Buffer])[] = [];
      if (key !== undefined) pairs.push([Buffer.from(f.key, 'utf8'), key]);
      if (f.time !== undefined && time !== undefined) pairs.push([Buffer.from(f.time, 'utf8'), time]);
      values.forEach((v, i) => {
        if (v !== undefined) pairs.push([Buffer.from(f.values[i]!, 'utf8'), v]);
      });
      for (const [name, value] of extras) pairs.push([Buffer.from(name, 'utf8'), value]);
      return fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length });
    });
  return fc.record({
    id: entryId,
    fields: fc.oneof({ arbitrary: fields, weight: 9 }, { arbitrary: fc.constant(null), weight: 1 }),
  });
}

/** What the kernel holds for row i after `decode`, in the reference decoder's shape. */
export function kernelEntry(kernel: PartitionKernel, i: number, valueCount: number): DecodedEntry | { kind: 'status'; status: number } {
  const w = kernel.wasm;
  const { u8, i32, f64 } = kernel.views();
  const status = u8[w.statusColPtr() + i]!;
  if (status === STATUS_DELETED) return { kind: 'deleted' };
  if (status !== STATUS_OK) return { kind: 'status', status };
  const row = (w.valuesColPtr() >> 3) + i * valueCount;
  return {
    kind: 'ok',
    key: kernel.keyBytes(i32[(w.keyIdColPtr() >> 2) + i]!),
    time: f64[(w.timeColPtr() >> 3) + i]!,
    values: Array.from(f64.subarray(row, row + valueCount)),
    ...(kernel.itemFieldCount > 0 ? { items: kernelItems(kernel, i) } : {}),
  };
}

/** The reference decoder's verdict as the kernel records it: ok and deleted as they are, a reason as its status. */
export function asKernelSees(d: DecodedEntry): DecodedEntry | { kind: 'status'; status: number } {
  if (d.kind === 'bad') return { kind: 'status', status: STATUS_OF_REASON[d.reason] };
  return d;
}

type KernelView = DecodedEntry | { kind: 'status'; status: number };

/** Exact equality (Object.is on every number, bytes on keys); cheaper than a deep toEqual per entry. */
export function sameDecoded(a: KernelView, b: KernelView): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'status' && b.kind === 'status') return a.status === b.status;
  if (a.kind === 'ok' && b.kind === 'ok') {
    return (
      a.key.equals(b.key) &&
      Object.is(a.time, b.time) &&
      a.values.length === b.values.length &&
      a.values.every((v, i) => Object.is(v, b.values[i]))
    );
  }
  return a.kind === 'deleted';
}

/** Describes an entry for a failure message (bytes as latin1 so every byte shows). */
export function describeEntry(e: RawEntry): string {
  if (e.fields === null) return `${e.id} (deleted)`;
  return `${e.id} ${JSON.stringify(e.fields.map(([n, v]) => [n.toString('latin1'), v.toString('latin1')]))}`;
}

/** Item fields' bytes of row i as the kernel holds them (undefined where the entry lacks one). */
function kernelItems(kernel: PartitionKernel, i: number): (Buffer | undefined)[] {
  const w = kernel.wasm;
  const { u8, i32 } = kernel.views();
  const count = kernel.itemFieldCount;
  return Array.from({ length: count }, (_, j) => {
    const at = i * count + j;
    const len = i32[(w.itemLenColPtr() >> 2) + at]!;
    const ptr = i32[(w.itemPtrColPtr() >> 2) + at]! >>> 0;
    return len < 0 ? undefined : Buffer.from(u8.subarray(ptr, ptr + len));
  });
}
