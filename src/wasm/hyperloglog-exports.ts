import type { KernelExports } from './kernel-module.js';

/** Precision used when none is given: 2^14 registers, standard error 1.04/√16384 ≈ 0.81%. */
export const DEFAULT_HLL_PRECISION = 14;

/** assembly/hyperloglog.ts as JS sees it. A sketch is an address in the instance's memory. */
export interface HyperLogLogExports {
  readonly memory: WebAssembly.Memory;
  /** A new empty sketch with 2^precision u8 registers; the kernel aborts outside 4 … 18. */
  hllCreate(precision: number): number;
  /** Adds one 64-bit hash (BigInt across the boundary: use hllAddHashes on hot paths). */
  hllAddHash(s: number, hash: bigint): void;
  /** Adds n little-endian u64 hashes stored from `ptr`. */
  hllAddHashes(s: number, ptr: number, n: number): void;
  /** into := into ∪ from; equal precisions only. */
  hllMerge(into: number, from: number): void;
  /** Estimated distinct count. */
  hllEstimate(s: number): number;
  /** Bytes of state: 8 + 2^precision. */
  hllBytes(s: number): number;
  /** Empties the sketch (every register 0), keeping its memory. */
  hllClear(s: number): void;
  /** Releases the sketch. */
  hllFree(s: number): void;
  /** The sketch's precision. */
  hllPrecision(s: number): number;
  /** Address of its 2^precision u8 registers. */
  hllRegisters(s: number): number;
}

/** The HyperLogLog exports of a kernel instance (they are part of every build/eddy*.wasm). */
export function hyperLogLogExports(kernel: KernelExports): HyperLogLogExports {
  return kernel as unknown as HyperLogLogExports;
}

/**
 * hllCreate with the precision checked on this side, so a bad job option is a RangeError that
 * names the option rather than a WASM abort.
 */
export function createHyperLogLog(hll: HyperLogLogExports, precision: number = DEFAULT_HLL_PRECISION): number {
  if (!Number.isInteger(precision) || precision < 4 || precision > 18) {
    throw new RangeError(`hyperloglog precision must be an integer 4 … 18 (standard error 1.04/√2^p), got ${precision}`);
  }
  return hll.hllCreate(precision);
}

/** A copy of the sketch's registers (a view would detach when memory grows). */
export function hllRegisterCopy(hll: HyperLogLogExports, s: number): Uint8Array {
  const at = hll.hllRegisters(s);
  return new Uint8Array(hll.memory.buffer, at, 1 << hll.hllPrecision(s)).slice();
}
