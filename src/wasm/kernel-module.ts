import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layoutSignature } from './layout.js';

/** The raw exports of build/eddy.wasm (see assembly/index.ts). Addresses and counts are numbers. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  layoutSignature(): number;
  frameLength(base: number, len: number): number;
  reserveInput(needed: number, keep: number): number;
  reserveScratch(needed: number): number;
  setBatchCapacity(n: number, values: number): void;
  setItemCount(items: number): void;
  setAccParams(k: number, a: number, b: number): void;
  mergeAccs(into: number, from: number, nInto: number, nFrom: number): void;
  initAccWords(acc: number): void;
  hostItemAlloc(len: number): number;
  itemPtrColPtr(): number;
  itemLenColPtr(): number;
  windowStateBytes(): number;
  configureDecode(format: number, timeMode: number): void;
  configureTimeBounds(maxAheadMs: number, maxBehindMs: number): void;
  reserveName(slot: number, len: number): number;
  decodeReply(input: number, frameLen: number): number;
  internKey(p: number, len: number): number;
  configureStateLimits(maxKeys: number, maxOpenWindows: number): void;
  stateKeyCount(): number;
  keyTableSize(): number;
  keyBytesPtr(id: number): number;
  keyBytesLen(id: number): number;
  configureAccs(n: number): void;
  setAcc(k: number, kind: number, valueIndex: number): void;
  configureWatermark(ooo: number): void;
  configureWindows(kind: number, sizeMs: number, slideMs: number, offsetMs: number): void;
  configureSessionWindows(gapMs: number, maxDurationMs: number): void;
  configureRollingWindows(spanMs: number, maxRows: number): void;
  processBatch(n: number, drain: number): number;
  processIdle(elapsedMs: number): number;
  configureRevisions(latenessMs: number, emitMode: number, earlyIntervalMs: number): void;
  muteRowsBefore(rows: number): void;
  configureSessionRevisions(latenessMs: number, updates: number, earlyIntervalMs: number): void;
  restoreClock(watermark: number, maxEventTime: number): void;
  setClock(watermark: number, maxEventTime: number): void;
  earliestOpenStart(): number;
  takeSessionAnchors(): number;
  sessionAnchorsPtr(): number;
  restoreSessionAnchor(keyId: number, start: number, last: number): void;
  configureDetect(kind: number, valueIndex: number, words: number): number;
  detectEvents(n: number): number;
  detectRowsPtr(): number;
  detectStateBytes(): number;
  resultStride(): number;
  statusColPtr(): number;
  keyIdColPtr(): number;
  timeColPtr(): number;
  valuesColPtr(): number;
  entryOffColPtr(): number;
  entryLenColPtr(): number;
  entryIdsPtr(): number;
  entryIdsLength(): number;
  resultsPtr(): number;
  resultCount(): number;
  latePtr(): number;
  lateCount(): number;
  openWindowSlots(): number;
  openWindowCount(): number;
  currentWatermark(): number;
  maxEventTime(): number;
  /** Bytes detectSnapshot writes: every key's detector state of a detection job (assembly/detect-events.ts). */
  detectSnapshotBytes(): number;
  /** Writes the keyed snapshot at `out`. Allocates nothing. */
  detectSnapshot(out: number): void;
  /** Installs a keyed snapshot's states, interning its keys: the keys restored, or −1 malformed, −2 wrong format, −3 a state refused. May grow memory. */
  detectRestore(from: number, len: number): number;
}

export type KernelBuild = 'release' | 'debug';

const compiled = new Map<KernelBuild, WebAssembly.Module>();

/** Compiled once per thread and build; instantiated once per partition. */
export function kernelModule(build: KernelBuild = 'release'): WebAssembly.Module {
  let m = compiled.get(build);
  if (!m) {
    const file = fileURLToPath(new URL(`../../build/${build === 'release' ? 'eddy.wasm' : 'eddy.debug.wasm'}`, import.meta.url));
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      throw new Error(`WASM kernel not found at ${file}: run \`npm run build\` (it compiles assembly/ with AssemblyScript)`);
    }
    m = new WebAssembly.Module(bytes);
    compiled.set(build, m);
  }
  return m;
}

/** EDDY_WASM_BUILD=debug runs the debug build (bounds checks, assertions) everywhere, for diagnosis. */
const defaultBuild: KernelBuild = process.env['EDDY_WASM_BUILD'] === 'debug' ? 'debug' : 'release';

/**
 * A fresh instance: its own linear memory, so its own key table, windows and clock. A compiled
 * module instead of a build name runs that module (benchmarks comparing an older build in the
 * same process); it must still match layout.ts.
 */
export function instantiateKernel(build: KernelBuild | WebAssembly.Module = defaultBuild): KernelExports {
  let memory: WebAssembly.Memory | undefined;
  const instance = new WebAssembly.Instance(build instanceof WebAssembly.Module ? build : kernelModule(build), {
    env: {
      abort(msg: number, file: number, line: number, col: number): never {
        throw new Error(`WASM kernel aborted: ${readAsString(memory, msg)} at ${readAsString(memory, file)}:${line}:${col}`);
      },
    },
  });
  const exports = instance.exports as unknown as KernelExports;
  memory = exports.memory;
  if (exports.layoutSignature() !== layoutSignature()) {
    throw new Error('build/eddy.wasm does not match src/wasm/layout.ts: run `npm run build` so both come from the same commit');
  }
  return exports;
}

/** AssemblyScript strings: UTF-16, byte length stored 4 bytes before the pointer. */
function readAsString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (!memory || ptr === 0) return '?';
  const len = new Uint32Array(memory.buffer, ptr - 4, 1)[0]!;
  return Buffer.from(memory.buffer, ptr, len).toString('utf16le');
}
