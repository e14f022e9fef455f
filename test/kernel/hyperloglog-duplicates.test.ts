import { describe, expect, it } from 'vitest';
import { createHyperLogLog, hllRegisterCopy, hyperLogLogExports } from '../../src/wasm/hyperloglog-exports.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { hashStringsInWasm } from '../support/hash-input.js';

const kernel = instantiateKernel('debug');
const hll = hyperLogLogExports(kernel);

describe('duplicates do not change a HyperLogLog', () => {
  it('adding the same 20,000 values again, in another order and repeated, leaves registers and estimate as they were', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `session-${i}`);
    const s = createHyperLogLog(hll);
    let batch = hashStringsInWasm(kernel, values);
    hll.hllAddHashes(s, batch.ptr, batch.n);
    const registers = hllRegisterCopy(hll, s);
    const estimate = hll.hllEstimate(s);

    const again = [...values.slice().reverse(), ...values.filter((_, i) => i % 3 === 0), ...values];
    batch = hashStringsInWasm(kernel, again);
    hll.hllAddHashes(s, batch.ptr, batch.n);
    expect(hllRegisterCopy(hll, s)).toEqual(registers);
    expect(hll.hllEstimate(s)).toBe(estimate);
    hll.hllFree(s);
  });

  it('one value added 100,000 times counts as one', () => {
    const s = createHyperLogLog(hll);
    const batch = hashStringsInWasm(kernel, new Array<string>(100_000).fill('same'));
    hll.hllAddHashes(s, batch.ptr, batch.n);
    expect(hll.hllEstimate(s)).toBeCloseTo(1, 3);
    hll.hllFree(s);
  });
});

describe('precision is checked before the kernel sees it', () => {
  it('createHyperLogLog rejects precisions outside 4 … 18 with a RangeError; the kernel aborts on them', () => {
    for (const p of [3, 19, 14.5]) expect(() => createHyperLogLog(hll, p)).toThrow(RangeError);
    expect(() => hll.hllCreate(19)).toThrow(/precision must be 4 … 18/);
    const s = createHyperLogLog(hll);
    expect(hll.hllPrecision(s)).toBe(14);
    expect(hll.hllBytes(s)).toBe(16_392);
    hll.hllFree(s);
  });
});
