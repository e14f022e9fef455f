import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash64Reference } from '../../src/reference/hash64-reference.js';
import { hash64Exports } from '../../src/wasm/hash64-exports.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';

const kernel = instantiateKernel('debug');
const wasm = hash64Exports(kernel);

describe('the WASM hash64 equals its TypeScript reference on any bytes', () => {
  it('hash64 and hash64Into, at any alignment and length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(7), (bytes, misalign) => {
        const p = kernel.reserveScratch(bytes.length + 32) + misalign;
        const out = p + bytes.length + (8 - ((p + bytes.length) & 7));
        new Uint8Array(kernel.memory.buffer).set(bytes, p);
        const expected = hash64Reference(bytes);
        expect(BigInt.asUintN(64, wasm.hash64(p, bytes.length))).toBe(expected);
        wasm.hash64Into(p, bytes.length, out);
        expect(new BigUint64Array(kernel.memory.buffer, out, 1)[0]).toBe(expected);
      }),
      { numRuns: 2000, seed: 4 },
    );
  });

  it('hash64Many over Arrow-style offsets hashes each string on its own', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 70 }), { maxLength: 40 }), (strings) => {
        const total = strings.reduce((s, b) => s + b.length, 0);
        const base = kernel.reserveInput(total + 1, 0);
        const offsBytes = ((strings.length + 1) * 4 + 7) & ~7;
        const offs = kernel.reserveScratch(offsBytes + strings.length * 8);
        const u8 = new Uint8Array(kernel.memory.buffer);
        const offsets = new Uint32Array(kernel.memory.buffer, offs, strings.length + 1);
        let at = 0;
        strings.forEach((b, i) => {
          u8.set(b, base + at);
          at += b.length;
          offsets[i + 1] = at;
        });
        offsets[0] = 0;
        wasm.hash64Many(base, offs, strings.length, offs + offsBytes);
        const got = Array.from(new BigUint64Array(kernel.memory.buffer, offs + offsBytes, strings.length));
        expect(got).toEqual(strings.map(hash64Reference));
      }),
      { numRuns: 300, seed: 4 },
    );
  });
});
