import { describe, expect, it } from 'vitest';
import { hash64Reference } from '../../src/reference/hash64-reference.js';
import { hash64Exports } from '../../src/wasm/hash64-exports.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';

const kernel = instantiateKernel('debug');
const wasm = hash64Exports(kernel);

function wasmHash(bytes: Uint8Array): bigint {
  const p = kernel.reserveScratch(bytes.length + 8);
  new Uint8Array(kernel.memory.buffer).set(bytes, p);
  return BigInt.asUintN(64, wasm.hash64(p, bytes.length));
}

// XXH64 with seed 0 as published in the xxHash repository and its language ports.
const published: [string, bigint][] = [
  ['', 0xef46db3751d8e999n],
  ['a', 0xd24ec4f1a98c6e5bn],
  ['abc', 0x44bc2cf5ad770999n],
  ['The quick brown fox jumps over the lazy dog', 0x0b242d361fda71bcn],
];

// Produced by the C library itself (Debian's libxxhash 0.8.1, XXH64(buf, n, 0)) on bytes
// (31 i + 7) & 255: one length per code path — byte tail, 4-byte tail, 8-byte lanes, 32-byte stripes.
const fromLibxxhash: [number, bigint][] = [
  [1, 0xa96c7f0ce858bbb7n],
  [3, 0x56e6957632a487f9n],
  [4, 0xc60d15b1e3ff8f04n],
  [5, 0x808815858624dd4en],
  [7, 0xafbefc3d6c6f9a8en],
  [8, 0x3da5c7aa269683e0n],
  [9, 0x4b17a9ba9e215c09n],
  [12, 0x8fe8ab1c1fd0666en],
  [15, 0xae2a37eb9357caa7n],
  [16, 0xa19ad429b02bc413n],
  [31, 0x4a74f3a1a39ad4a1n],
  [32, 0x8d57d6a4671cc43dn],
  [33, 0x62c9fd21ed857664n],
  [35, 0x85cbcf9e0d9cbecan],
  [63, 0x5c320a0d2707057fn],
  [64, 0x7bbabbc45729d17en],
  [65, 0xf3980c34bae65dc1n],
  [100, 0xefa0ad2d3e70c151n],
];

function pattern(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
}

describe('hash64 is XXH64 with seed 0', () => {
  it.each(published)('published vector %j', (text, expected) => {
    const bytes = Buffer.from(text, 'utf8');
    expect(hash64Reference(bytes)).toBe(expected);
    expect(wasmHash(bytes)).toBe(expected);
  });

  it.each(fromLibxxhash)('the C library agrees on %i bytes', (n, expected) => {
    expect(hash64Reference(pattern(n))).toBe(expected);
    expect(wasmHash(pattern(n))).toBe(expected);
  });
});
