import type { KernelExports } from './kernel-module.js';

/**
 * assembly/hash64.ts as JS sees it. Addresses and lengths are numbers. WebAssembly passes a u64 as
 * a signed i64 BigInt: `BigInt.asUintN(64, h)` gives the unsigned value, and any BigInt going in
 * (hllAddHash) is taken modulo 2^64, so unsigned values can be passed as they are.
 */
export interface Hash64Exports {
  readonly memory: WebAssembly.Memory;
  /** XXH64 (seed 0) of p[0..len), as a signed BigInt: fine for tests, costly per value. */
  hash64(p: number, len: number): bigint;
  /** Writes hash64(p, len) as a little-endian u64 at `out`. */
  hash64Into(p: number, len: number, out: number): void;
  /** Hashes n strings base + offs[i] .. base + offs[i + 1] (n + 1 u32 offsets) into n u64 at `out`. */
  hash64Many(base: number, offs: number, n: number, out: number): void;
}

/** The hash exports of a kernel instance (they are part of every build/eddy*.wasm). */
export function hash64Exports(kernel: KernelExports): Hash64Exports {
  return kernel as unknown as Hash64Exports;
}
