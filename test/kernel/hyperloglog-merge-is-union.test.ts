import { describe, expect, it } from 'vitest';
import { HyperLogLogReference } from '../../src/reference/hyperloglog-reference.js';
import { createHyperLogLog, hllRegisterCopy, hyperLogLogExports } from '../../src/wasm/hyperloglog-exports.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { hashStringsInWasm, readHashes } from '../support/hash-input.js';

const kernel = instantiateKernel('debug');
const hll = hyperLogLogExports(kernel);

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => `user-${from + i}`);
}

function sketch(values: string[]): number {
  const s = createHyperLogLog(hll);
  const batch = hashStringsInWasm(kernel, values);
  hll.hllAddHashes(s, batch.ptr, batch.n);
  return s;
}

describe('merging two sketches equals sketching the union', () => {
  //   A: user-0 ……………… user-59999
  //   B:          user-40000 ……………… user-99999
  //   A ∪ B: user-0 ………………………………… user-99999
  it('merge(A, B) has the registers and estimate of the sketch of A ∪ B', () => {
    const a = sketch(range(0, 60_000));
    const b = sketch(range(40_000, 100_000));
    const union = sketch(range(0, 100_000));
    hll.hllMerge(a, b);
    expect(hllRegisterCopy(hll, a)).toEqual(hllRegisterCopy(hll, union));
    expect(hll.hllEstimate(a)).toBe(hll.hllEstimate(union));
    // B was only read.
    expect(hllRegisterCopy(hll, b)).toEqual(hllRegisterCopy(hll, sketch(range(40_000, 100_000))));
    for (const s of [a, b, union]) hll.hllFree(s);
  });

  it('merge is commutative and idempotent, and the reference merges to the same registers', () => {
    const left = range(0, 5_000);
    const right = range(3_000, 9_000);
    const ab = sketch(left);
    const ba = sketch(right);
    const other = sketch(right);
    hll.hllMerge(ab, other);
    hll.hllMerge(ba, sketch(left));
    expect(hllRegisterCopy(hll, ab)).toEqual(hllRegisterCopy(hll, ba));
    const once = hllRegisterCopy(hll, ab);
    hll.hllMerge(ab, other);
    expect(hllRegisterCopy(hll, ab)).toEqual(once);

    const refA = new HyperLogLogReference();
    const refB = new HyperLogLogReference();
    for (const h of readHashes(kernel, hashStringsInWasm(kernel, left))) refA.addHash(h);
    for (const h of readHashes(kernel, hashStringsInWasm(kernel, right))) refB.addHash(h);
    refA.merge(refB);
    expect(refA.registers).toEqual(once);
    expect(refA.estimate()).toBe(hll.hllEstimate(ab));
  });

  // Hopping windows keep folded sketches and refill them (pane-entry-sketches.ts): a cleared one
  // must be a new one, whatever it held, at the same address.
  it('a cleared sketch is an empty one: merged into, it has the registers of the union alone', () => {
    const s = sketch(range(0, 20_000));
    const at = hll.hllRegisters(s);
    hll.hllClear(s);
    expect(hll.hllRegisters(s)).toBe(at);
    expect(hllRegisterCopy(hll, s)).toEqual(hllRegisterCopy(hll, createHyperLogLog(hll)));
    expect(hll.hllEstimate(s)).toBe(0);
    hll.hllMerge(s, sketch(range(50_000, 51_000)));
    expect(hllRegisterCopy(hll, s)).toEqual(hllRegisterCopy(hll, sketch(range(50_000, 51_000))));
  });

  it('sketches of different precisions do not merge', () => {
    const a = hll.hllCreate(12);
    const b = hll.hllCreate(14);
    expect(() => hll.hllMerge(a, b)).toThrow(/aborted/);
    expect(() => new HyperLogLogReference(12).merge(new HyperLogLogReference(14))).toThrow(RangeError);
  });
});
