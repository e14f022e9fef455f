import type { KernelExports } from './kernel-module.js';

/** Bytes per ssTop entry: count f64, error f64, itemPtr i32, itemLen i32 (assembly/space-saving.ts). */
export const SS_ENTRY_BYTES = 24;

/** The Space-Saving exports of the kernel (assembly/space-saving.ts). Addresses are numbers. */
export interface SpaceSavingExports {
  readonly memory: WebAssembly.Memory;
  /** A sketch of `capacity` counters; its address. */
  ssCreate(capacity: number): number;
  ssFree(s: number): void;
  /** Counts one item at itemPtr[0..itemLen); `hash` is a u32 hash of those bytes. */
  ssAdd(s: number, itemPtr: number, itemLen: number, hash: number): void;
  /** ssAdd for n items given as u32 address / i32 length / u32 hash columns. */
  ssAddMany(s: number, offsetsPtr: number, lensPtr: number, hashesPtr: number, n: number): void;
  /** Merges `from` into `into`; 0 (nothing done) when their capacities differ, else 1. */
  ssMerge(into: number, from: number): number;
  /** Writes up to k entries (SS_ENTRY_BYTES each) at `out`, count desc then bytes asc; returns how many. */
  ssTop(s: number, k: number, out: number): number;
  /** n: items added plus merged in. */
  ssCount(s: number): number;
  ssCapacity(s: number): number;
  ssSize(s: number): number;
  /** Smallest count when full, else 0: every entry's error is at most this. */
  ssMinCount(s: number): number;
  ssBytes(s: number): number;
  ssEntryBytes(): number;
  /** A reusable host → WASM region of at least `bytes` bytes (contents lost when it grows). */
  ssStaging(bytes: number): number;
}

/** One entry of a top-k answer. The true count of `item` lies in [count − error, count]. */
export interface TopEntry {
  readonly item: Uint8Array;
  readonly count: number;
  readonly error: number;
}

/**
 * How many counters a top-k query gets: m = max(10·k, 64). Guaranteed: every item with frequency
 * > n/m is reported and every count is at most n/m too high — with 10·k counters that is a tenth
 * of the share an item needs to be among the top k of a flat stream. On skewed streams the top k
 * are then usually exact (the Zipf benchmark's top 10 have error 0). The floor of 64 keeps small k
 * from being starved. Cost: 64 bytes per counter (counter, bucket, index slots) plus up to twice
 * the kept items' bytes.
 */
export function spaceSavingCounters(k: number): number {
  return Math.max(10 * k, 64);
}

/** The typed Space-Saving view of a kernel instance (from instantiateKernel). */
export function spaceSavingExports(kernel: KernelExports): SpaceSavingExports {
  const ss = kernel as unknown as SpaceSavingExports;
  if (typeof ss.ssCreate !== 'function') throw new Error('this build/eddy.wasm has no Space-Saving kernel: run `npm run build`');
  if (ss.ssEntryBytes() !== SS_ENTRY_BYTES) throw new Error('build/eddy.wasm does not match src/wasm/space-saving-exports.ts: run `npm run build`');
  return ss;
}

/**
 * 32-bit FNV-1a of the bytes with a final mix: the hash the host passes to ssAdd in tests and
 * benchmarks. Any hash works if an item always gets the same one and merged sketches share it.
 */
export function itemHash32(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Copies `item` to the staging region and counts it once, with the given hash. */
export function addItem(ss: SpaceSavingExports, s: number, item: Uint8Array, hash: number = itemHash32(item)): void {
  const p = ss.ssStaging(item.length);
  new Uint8Array(ss.memory.buffer, p, item.length).set(item);
  ss.ssAdd(s, p, item.length, hash);
}

/** The top k entries, their item bytes copied out of linear memory. */
export function readTop(ss: SpaceSavingExports, s: number, k: number): TopEntry[] {
  const out = ss.ssStaging(Math.max(1, k) * SS_ENTRY_BYTES);
  const n = ss.ssTop(s, k, out);
  const view = new DataView(ss.memory.buffer);
  const entries: TopEntry[] = [];
  for (let i = 0; i < n; i++) {
    const e = out + i * SS_ENTRY_BYTES;
    const ptr = view.getUint32(e + 16, true);
    const len = view.getInt32(e + 20, true);
    entries.push({
      count: view.getFloat64(e, true),
      error: view.getFloat64(e + 8, true),
      item: new Uint8Array(ss.memory.buffer.slice(ptr, ptr + len)),
    });
  }
  return entries;
}
