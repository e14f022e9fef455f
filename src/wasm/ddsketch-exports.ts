import type { KernelExports } from './kernel-module.js';

/**
 * The DDSketch exports of build/eddy.wasm (assembly/ddsketch.ts). A sketch is an address in the
 * kernel's linear memory, valid until ddsFree; counts are f64.
 */
export interface DdsketchExports {
  readonly memory: WebAssembly.Memory;
  /** A new sketch of relative accuracy α ∈ [1e-6, 1) holding at most maxBins bins per sign. */
  ddsCreate(relativeAccuracy: number, maxBins: number): number;
  /** Adds one value (one host → WASM call; prefer ddsAddMany). Non-finite values are ignored. */
  ddsAdd(s: number, v: number): void;
  /** Adds the n f64 values at byte address p of linear memory. */
  ddsAddMany(s: number, p: number, n: number): void;
  /** `into` becomes the sketch of the union; both must have the same α. */
  ddsMerge(into: number, from: number): void;
  /** Lower q-quantile (rank floor(q·(n−1))) within α; NaN when empty. */
  ddsQuantile(s: number, q: number): number;
  ddsCount(s: number): number;
  ddsMin(s: number): number;
  ddsMax(s: number): number;
  /** Header plus bin buffers, in bytes. */
  ddsBytes(s: number): number;
  /** The bin index of |v|: the value → bin mapping alone, for comparison with the reference. */
  ddsIndexOf(s: number, v: number): number;
  ddsClear(s: number): void;
  ddsFree(s: number): void;
  /** Host → WASM byte area (assembly/input-region.ts); may move linear memory, so views must be re-read after it. */
  reserveScratch(needed: number): number;
}

const names = [
  'ddsCreate',
  'ddsAdd',
  'ddsAddMany',
  'ddsMerge',
  'ddsQuantile',
  'ddsCount',
  'ddsMin',
  'ddsMax',
  'ddsBytes',
  'ddsIndexOf',
  'ddsClear',
  'ddsFree',
  'reserveScratch',
] as const satisfies readonly (keyof DdsketchExports)[];

/** The sketch functions of an instantiated kernel (e.g. instantiateKernel('debug')), checked to be there. */
export function ddsketchExports(kernel: KernelExports): DdsketchExports {
  const raw = kernel as unknown as Record<string, unknown>;
  for (const name of names) {
    if (typeof raw[name] !== 'function') throw new Error(`the WASM kernel has no ${name} export: run \`npm run build\` (assembly/ddsketch.ts)`);
  }
  return kernel as unknown as DdsketchExports;
}
