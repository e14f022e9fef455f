import type { KernelExports } from '../../src/wasm/kernel-module.js';
import { hash64Exports } from '../../src/wasm/hash64-exports.js';

/** Where a batch of hashes sits in the kernel's memory. */
export interface HashBatch {
  readonly ptr: number;
  readonly n: number;
}

/**
 * Writes the strings' UTF-8 bytes into the input region (where the decoder finds field bytes) with
 * Arrow-style offsets in scratch, hashes them in WASM and returns where the n u64 hashes are.
 * Offsets and hashes share one scratch block, so the next call overwrites this batch.
 */
export function hashStringsInWasm(kernel: KernelExports, values: readonly string[]): HashBatch {
  const bytes = Buffer.from(values.join(''), 'utf8');
  const offsets = new Uint32Array(values.length + 1);
  let at = 0;
  values.forEach((v, i) => {
    at += Buffer.byteLength(v, 'utf8');
    offsets[i + 1] = at;
  });
  const base = kernel.reserveInput(Math.max(bytes.length, 1), 0);
  const offsBytes = (offsets.length * 4 + 7) & ~7;
  const scratch = kernel.reserveScratch(offsBytes + values.length * 8);
  const u8 = new Uint8Array(kernel.memory.buffer);
  u8.set(bytes, base);
  new Uint32Array(kernel.memory.buffer, scratch, offsets.length).set(offsets);
  const out = scratch + offsBytes;
  hash64Exports(kernel).hash64Many(base, scratch, values.length, out);
  return { ptr: out, n: values.length };
}

/** Writes BigInt hashes as little-endian u64 into scratch, for hllAddHashes. */
export function writeHashes(kernel: KernelExports, hashes: readonly bigint[]): HashBatch {
  const ptr = kernel.reserveScratch(Math.max(hashes.length * 8, 8));
  new BigUint64Array(kernel.memory.buffer, ptr, hashes.length).set(hashes);
  return { ptr, n: hashes.length };
}

/** Reads n u64 hashes back as BigInts. */
export function readHashes(kernel: KernelExports, batch: HashBatch): bigint[] {
  return Array.from(new BigUint64Array(kernel.memory.buffer, batch.ptr, batch.n));
}
