// Running a detector of the WASM kernel over host-side columns. Rows cross in chunks through the
// kernel's scratch area ([params | keyIds | times | values | rows]); any call that may allocate
// (create, keyed runs, reserving scratch) can grow linear memory and detach every view of it, so
// views are taken after the last such call, never kept across one.

import { DET_OUT_F64 } from './detector-output.js';
import { resolveDetectorParams, type ResolvedDetector } from './detector-catalog.js';
import type { DetectorExports } from '../wasm/detector-exports.js';
import { decodeKeyedBody, decodeSnapshot, encodeKeyedBody, encodeSnapshot, type KeyedEntry } from './detector-snapshot-format.js';
import { copyIn, refusedState, savedStateBytes } from './detector-snapshot.js';

/** Rows per host → WASM call: 4096 rows are 256 KiB of scratch, and the call overhead is noise. */
const CHUNK_ROWS = 4096;
const ROW_BYTES = DET_OUT_F64 * 8;

/** The host must never pass NaN or ±Infinity: the kernel does not check. Says which row is bad. */
function checkColumns(times: ArrayLike<number>, values: ArrayLike<number>): void {
  if (times.length !== values.length) throw new RangeError(`detector input: ${times.length} times but ${values.length} values — pass one time per value`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new RangeError(`detector input: value ${values[i]} at row ${i} is not finite — filter NaN and ±Infinity before detection`);
    if (!Number.isFinite(times[i]!)) throw new RangeError(`detector input: time ${times[i]} at row ${i} is not finite`);
  }
}

/** to[i] = from[start + i]: a block copy when the source is a Float64Array, else element by element. */
function copyInto(to: Float64Array, from: ArrayLike<number>, start: number): void {
  if (from instanceof Float64Array) to.set(from.subarray(start, start + to.length));
  else for (let i = 0; i < to.length; i++) to[i] = from[start + i]!;
}

/**
 * Runs detector `name` (params as a user wrote them, see detector-catalog.ts) over one series:
 * DET_OUT_F64 f64 per row, row i for values[i]. Throws on unknown detectors, bad params and
 * non-finite input.
 */
export function runDetectorSeries(
  kernel: DetectorExports,
  name: string,
  params: Readonly<Record<string, string | number>>,
  times: ArrayLike<number>,
  values: ArrayLike<number>,
): Float64Array {
  return runResolvedSeries(kernel, resolveDetectorParams(name, params), times, values);
}

/** runDetectorSeries with params already resolved (a backtest sweeping one detector resolves once). */
export function runResolvedSeries(kernel: DetectorExports, detector: ResolvedDetector, times: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  checkColumns(times, values);
  const { kind } = detector.spec;
  const paramsPtr = kernel.reserveScratch(detector.words.length * 8);
  new Float64Array(kernel.memory.buffer, paramsPtr, detector.words.length).set(detector.words);
  const state = kernel.detectorCreate(kind, paramsPtr);
  if (state === 0) throw new Error(`the WASM kernel has no detector of kind ${kind} (${detector.spec.name}): run \`npm run build\``);
  const rows = new Float64Array(values.length * DET_OUT_F64);
  try {
    const chunk = Math.min(CHUNK_ROWS, Math.max(1, values.length));
    for (let from = 0; from < values.length; from += chunk) {
      const n = Math.min(chunk, values.length - from);
      const base = kernel.reserveScratch(chunk * (16 + ROW_BYTES));
      const timesPtr = base;
      const valuesPtr = base + chunk * 8;
      const outPtr = base + chunk * 16;
      copyInto(new Float64Array(kernel.memory.buffer, timesPtr, n), times, from);
      copyInto(new Float64Array(kernel.memory.buffer, valuesPtr, n), values, from);
      kernel.detectorRun(kind, state, timesPtr, valuesPtr, n, outPtr);
      rows.set(new Float64Array(kernel.memory.buffer, outPtr, n * DET_OUT_F64), from * DET_OUT_F64);
    }
  } finally {
    kernel.detectorFree(kind, state);
  }
  return rows;
}

/**
 * One detector over many keys' series in one kernel instance: key ids are small dense integers
 * (e.g. the kernel's interned key ids); a key's state is created on its first row and lives until
 * free(). The state table lives in linear memory, so a memory checkpoint holds every key.
 */
export class KeyedDetector {
  private table: number;
  private capacity: number;
  private freed = false;

  constructor(
    private readonly kernel: DetectorExports,
    readonly detector: ResolvedDetector,
    initialKeys = 64,
  ) {
    this.capacity = Math.max(1, initialKeys);
    this.table = kernel.detectorTableCreate(this.capacity);
  }

  /** Resolves `name` and `params` as runDetectorSeries does. */
  static create(kernel: DetectorExports, name: string, params: Readonly<Record<string, string | number>> = {}): KeyedDetector {
    return new KeyedDetector(kernel, resolveDetectorParams(name, params));
  }

  /** Rows for events of any keys, in order: row i for (keyIds[i], times[i], values[i]). */
  run(keyIds: ArrayLike<number>, times: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
    if (this.freed) throw new Error('KeyedDetector.run after free()');
    checkColumns(times, values);
    if (keyIds.length !== values.length) throw new RangeError(`detector input: ${keyIds.length} key ids but ${values.length} values — pass one key id per value`);
    let maxKey = -1;
    for (let i = 0; i < keyIds.length; i++) {
      const k = keyIds[i]!;
      if (!Number.isInteger(k) || k < 0 || k > 0x7fffffff) throw new RangeError(`detector input: key id ${k} at row ${i} is not a non-negative 32-bit integer`);
      if (k > maxKey) maxKey = k;
    }
    this.reserve(maxKey);
    const k = this.kernel;
    const { kind } = this.detector.spec;
    const words = this.detector.words;
    const rows = new Float64Array(values.length * DET_OUT_F64);
    const paramBytes = words.length * 8;
    const chunk = Math.min(CHUNK_ROWS, Math.max(1, values.length));
    for (let from = 0; from < values.length; from += chunk) {
      const n = Math.min(chunk, values.length - from);
      const base = k.reserveScratch(paramBytes + chunk * (4 + 16 + ROW_BYTES));
      const paramsPtr = base;
      const timesPtr = base + paramBytes;
      const valuesPtr = timesPtr + chunk * 8;
      const outPtr = valuesPtr + chunk * 8;
      const keysPtr = outPtr + chunk * ROW_BYTES;
      new Float64Array(k.memory.buffer, paramsPtr, words.length).set(words);
      copyInto(new Float64Array(k.memory.buffer, timesPtr, n), times, from);
      copyInto(new Float64Array(k.memory.buffer, valuesPtr, n), values, from);
      const ids = new Int32Array(k.memory.buffer, keysPtr, n);
      for (let i = 0; i < n; i++) ids[i] = keyIds[from + i]!;
      k.detectorRunKeyed(kind, this.table, paramsPtr, keysPtr, timesPtr, valuesPtr, n, outPtr);
      // Creating states may have grown memory: a fresh view for the rows.
      rows.set(new Float64Array(k.memory.buffer, outPtr, n * DET_OUT_F64), from * DET_OUT_F64);
    }
    return rows;
  }

  /**
   * Every key's state as a keyed snapshot (detector-snapshot-format.ts), the same format a
   * detection job's kernel writes: keys by their bytes (`keyBytesOf(id)`, e.g. the kernel's key
   * table), since ids depend on interning order. Keys in id order.
   */
  snapshot(keyBytesOf: (id: number) => Uint8Array): Buffer {
    if (this.freed) throw new Error('KeyedDetector.snapshot after free()');
    const { kind } = this.detector.spec;
    const entries: KeyedEntry[] = [];
    for (let id = 0; id < this.capacity; id++) {
      const state = this.kernel.detectorTableState(this.table, id);
      if (state === 0) continue;
      // Copied now: keyBytesOf may hand out a view of linear memory, which a later allocation detaches.
      entries.push({ key: Uint8Array.from(keyBytesOf(id)), state: savedStateBytes(this.kernel, kind, state) });
    }
    return encodeSnapshot('keyed', this.detector, encodeKeyedBody(kind, entries));
  }

  /**
   * Installs a keyed snapshot (of snapshot() or a detection job's kernel): each key's id is
   * `internKey(bytes)`, and a key that already had a state gets the snapshot's. Returns the keys
   * restored. All or nothing: throws DetectorSnapshotError (another detector or params, another
   * format version, damaged bytes) before any key is interned or any state replaced.
   */
  restore(snapshot: Uint8Array, internKey: (bytes: Uint8Array) => number): number {
    if (this.freed) throw new Error('KeyedDetector.restore after free()');
    const k = this.kernel;
    const { kind } = this.detector.spec;
    const body = decodeSnapshot(snapshot, 'keyed', this.detector);
    const entries = decodeKeyedBody(kind, body);
    const loaded: number[] = [];
    const p = copyIn(k, body);
    try {
      for (const e of entries) {
        const state = k.detectorLoad(kind, p + e.stateAt, e.state.length);
        if (state === 0) throw refusedState(this.detector, 'a key\'s state');
        loaded.push(state);
      }
    } catch (err) {
      for (const state of loaded) k.detectorFree(kind, state);
      throw err;
    } finally {
      k.detectorBufferFree(p);
    }
    let installed = 0;
    try {
      for (const e of entries) {
        const id = internKey(Uint8Array.from(e.key));
        if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) throw new RangeError(`internKey returned ${id}, not a non-negative 32-bit integer key id`);
        this.reserve(id);
        k.detectorTableInstall(kind, this.table, id, loaded[installed]!);
        installed++;
      }
    } finally {
      for (let i = installed; i < loaded.length; i++) k.detectorFree(kind, loaded[i]!);
    }
    return installed;
  }

  /** Room in the table for key id `maxKey`. */
  private reserve(maxKey: number): void {
    if (maxKey < this.capacity) return;
    let cap = this.capacity;
    while (cap <= maxKey) cap *= 2;
    this.table = this.kernel.detectorTableGrow(this.table, this.capacity, cap);
    this.capacity = cap;
  }

  /** Bytes held by every key's state (not the table). */
  stateBytes(): number {
    return this.kernel.detectorTableStateBytes(this.detector.spec.kind, this.table, this.capacity);
  }

  /** Releases every key's state and the table. */
  free(): void {
    if (this.freed) return;
    this.kernel.detectorTableFree(this.detector.spec.kind, this.table, this.capacity);
    this.freed = true;
  }
}
