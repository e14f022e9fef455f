import type { KernelExports } from './kernel-module.js';

/**
 * The anomaly-detector exports of build/eddy.wasm (assembly/detectors/detector-dispatch.ts). A
 * detector state is an address in the kernel's linear memory, valid until detectorFree; `kind` is
 * a DETECTOR_* code (src/detect/detector-output.ts). Values must be finite: the kernel does not check.
 */
export interface DetectorExports {
  readonly memory: WebAssembly.Memory;
  /** A new state from the kind's f64 params at byte address `params`; 0 for an unknown kind. May grow memory. */
  detectorCreate(kind: number, params: number): number;
  /** One event; one row of DET_OUT_F64 f64 at `out`. */
  detectorStep(kind: number, state: number, time: number, value: number, out: number): void;
  /** n events of one series (f64 columns at `times`, `values`); n rows at `out`. */
  detectorRun(kind: number, state: number, times: number, values: number, n: number, out: number): void;
  /** n events of many series: keyIds (i32) index a u32 table of states, created from `params` on first sight. May grow memory. */
  detectorRunKeyed(kind: number, statesTable: number, params: number, keyIds: number, times: number, values: number, n: number, out: number): void;
  detectorStateBytes(kind: number, state: number): number;
  detectorFree(kind: number, state: number): void;
  /** A zeroed table of `keys` u32 state addresses. May grow memory. */
  detectorTableCreate(keys: number): number;
  /** A copy of the table with room for `keys` entries; the old one is freed. May grow memory. */
  detectorTableGrow(table: number, oldKeys: number, keys: number): number;
  detectorTableStateBytes(kind: number, table: number, keys: number): number;
  /** Frees the table's states and the table. */
  detectorTableFree(kind: number, table: number, keys: number): void;
  /** Host → WASM byte area (assembly/input-region.ts); may move linear memory, so views must be re-read after it. */
  reserveScratch(needed: number): number;
  /** Bytes detectorSave writes for the state (assembly/detectors/detector-state-format.ts). */
  detectorSavedBytes(kind: number, state: number): number;
  /** The state's position-independent bytes at `out`. Allocates nothing. */
  detectorSave(kind: number, state: number, out: number): void;
  /** A new state stepping exactly as the saved one at [from, from + len); 0 when refused (wrong kind, version, length or an index out of range). May grow memory. */
  detectorLoad(kind: number, from: number, len: number): number;
  /** A kernel block of `bytes` for bytes crossing to or from the host. May grow memory. */
  detectorBufferAlloc(bytes: number): number;
  detectorBufferFree(p: number): void;
  /** The state address at key `key` of a table (0: none). */
  detectorTableState(table: number, key: number): number;
  /** Puts `state` at key `key` of the table (which must hold it), freeing the state that was there. */
  detectorTableInstall(kind: number, table: number, key: number, state: number): void;
}

const names = [
  'detectorCreate',
  'detectorStep',
  'detectorRun',
  'detectorRunKeyed',
  'detectorStateBytes',
  'detectorFree',
  'detectorTableCreate',
  'detectorTableGrow',
  'detectorTableStateBytes',
  'detectorTableFree',
  'reserveScratch',
  'detectorSavedBytes',
  'detectorSave',
  'detectorLoad',
  'detectorBufferAlloc',
  'detectorBufferFree',
  'detectorTableState',
  'detectorTableInstall',
] as const satisfies readonly (keyof DetectorExports)[];

/** The detector functions of an instantiated kernel (e.g. instantiateKernel('debug')), checked to be there. */
export function detectorExports(kernel: KernelExports): DetectorExports {
  const raw = kernel as unknown as Record<string, unknown>;
  for (const name of names) {
    if (typeof raw[name] !== 'function') throw new Error(`the WASM kernel has no ${name} export: run \`npm run build\` (assembly/detectors/detector-dispatch.ts)`);
  }
  return kernel as unknown as DetectorExports;
}

/**
 * The `context` detector's own exports (assembly/detectors/context-detector.ts), for the tests and
 * the NAB bench that drive one state row by row without the dispatch.
 */
export interface ContextExports {
  readonly memory: WebAssembly.Memory;
  reserveScratch(needed: number): number;
  ctxCreate(params: number): number;
  ctxStep(state: number, time: number, value: number, out: number): void;
  ctxStateBytes(state: number): number;
  ctxFree(state: number): void;
}

const contextNames = ['ctxCreate', 'ctxStep', 'ctxStateBytes', 'ctxFree', 'reserveScratch'] as const satisfies readonly (keyof ContextExports)[];

/** The context detector's functions of an instantiated kernel, checked to be there. */
export function contextExports(kernel: KernelExports): ContextExports {
  const raw = kernel as unknown as Record<string, unknown>;
  for (const name of contextNames) {
    if (typeof raw[name] !== 'function') throw new Error(`the WASM kernel has no ${name} export: run \`npm run build\` (assembly/detectors/context-detector.ts)`);
  }
  return kernel as unknown as ContextExports;
}
