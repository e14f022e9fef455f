import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HyperLogLogReference } from '../../src/reference/hyperloglog-reference.js';
import { hllRegisterCopy, hyperLogLogExports } from '../../src/wasm/hyperloglog-exports.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { hashStringsInWasm, readHashes, writeHashes } from '../support/hash-input.js';

const kernel = instantiateKernel('debug');
const hll = hyperLogLogExports(kernel);

// Hashes whose rank bits are all zero or all one, or whose index is the first or last register.
const edgeHash = fc.constantFrom(0n, 1n, (1n << 64n) - 1n, 1n << 63n, (1n << 63n) - 1n, 1n << 50n, 0xffff000000000000n);
const hash = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), edgeHash);

// toEqual on 2^18-element arrays takes seconds per run; a byte compare does not.
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (Buffer.compare(a, b) === 0) return -1;
  return a.findIndex((v, i) => v !== b[i]);
}

describe('the WASM HyperLogLog equals its TypeScript reference register for register', () => {
  it('after hllAddHashes and hllAddHash, registers and estimate are identical (estimate to the bit)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 18 }), fc.array(hash, { maxLength: 3000, size: 'max' }), fc.array(hash, { maxLength: 20 }), (p, batch, singles) => {
        const s = hll.hllCreate(p);
        const ref = new HyperLogLogReference(p);
        const at = writeHashes(kernel, batch);
        hll.hllAddHashes(s, at.ptr, at.n);
        for (const h of singles) hll.hllAddHash(s, h);
        for (const h of [...batch, ...singles]) ref.addHash(h);
        expect(firstDifference(hllRegisterCopy(hll, s), ref.registers)).toBe(-1);
        expect(hll.hllEstimate(s)).toBe(ref.estimate());
        expect(hll.hllBytes(s)).toBe(8 + 2 ** p);
        hll.hllFree(s);
      }),
      { numRuns: 150, seed: 14 },
    );
  });

  it('200,000 hashes of strings into 2^12 registers (n ≈ 50 m): same registers, same estimate', () => {
    const s = hll.hllCreate(12);
    const ref = new HyperLogLogReference(12);
    for (let from = 0; from < 200_000; from += 10_000) {
      const batch = hashStringsInWasm(kernel, Array.from({ length: 10_000 }, (_, i) => `order-${from + i}`));
      hll.hllAddHashes(s, batch.ptr, batch.n);
      for (const h of readHashes(kernel, batch)) ref.addHash(h);
    }
    expect(firstDifference(hllRegisterCopy(hll, s), ref.registers)).toBe(-1);
    expect(hll.hllEstimate(s)).toBe(ref.estimate());
    hll.hllFree(s);
  });

  it('an empty sketch estimates 0 on both sides', () => {
    const s = hll.hllCreate(14);
    expect(hll.hllEstimate(s)).toBe(0);
    expect(new HyperLogLogReference().estimate()).toBe(0);
    hll.hllFree(s);
  });

  it('the rank of a hash is 1 + leading zeros after the p index bits, capped at 65 - p', () => {
    const p = 4;
    const s = hll.hllCreate(p);
    // Index 0b1010 = 10, then 3 zero bits and a one: rank 4. Index 3 with no one bit: rank 61.
    hll.hllAddHash(s, (0b1010n << 60n) | (1n << 56n));
    hll.hllAddHash(s, 0b0011n << 60n);
    const regs = hllRegisterCopy(hll, s);
    expect(regs[10]).toBe(4);
    expect(regs[3]).toBe(61);
    expect(regs.reduce((a, b) => a + b, 0)).toBe(65);
    hll.hllFree(s);
  });
});
