// Driving a detection job's kernel (assembly/detect-events.ts) directly: configure a detector,
// intern keys by their text, and judge a batch of (key, value) rows, as the pipeline does after
// decoding. Interning may grow linear memory, so every key is interned before any column view.

import { DET_OUT_F64 } from '../../src/detect/detector-output.js';
import type { ResolvedDetector } from '../../src/detect/detector-catalog.js';
import { instantiateKernel, type KernelExports } from '../../src/wasm/kernel-module.js';
import { STATUS_OK } from '../../src/wasm/layout.js';

const BATCH_CAPACITY = 4096;

/** A fresh debug instance configured to judge value column 0 with `detector`. */
export function detectKernel(detector: ResolvedDetector): KernelExports {
  const w = instantiateKernel('debug');
  w.setBatchCapacity(BATCH_CAPACITY, 1);
  const p = w.configureDetect(detector.spec.kind, 0, detector.words.length);
  new Float64Array(w.memory.buffer, p, detector.words.length).set(detector.words);
  return w;
}

/** The kernel's id of key `key` (UTF-8), interning it when new. */
export function internText(w: KernelExports, key: string): number {
  const bytes = Buffer.from(key, 'utf8');
  const p = w.reserveScratch(Math.max(1, bytes.length));
  new Uint8Array(w.memory.buffer, p, bytes.length).set(bytes);
  return w.internKey(p, bytes.length);
}

/** The bytes of key id `id`, copied out. */
export function keyBytes(w: KernelExports, id: number): Uint8Array {
  return Uint8Array.from(new Uint8Array(w.memory.buffer, w.keyBytesPtr(id), w.keyBytesLen(id)));
}

/** Judges one batch of rows (keys[i], values[i]) at times[i]: their output rows, copied out. */
export function detectBatch(w: KernelExports, keys: readonly string[], times: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const n = keys.length;
  if (n > BATCH_CAPACITY) throw new RangeError(`at most ${BATCH_CAPACITY} rows per batch`);
  const ids = keys.map((key) => internText(w, key));
  new Uint8Array(w.memory.buffer, w.statusColPtr(), n).fill(STATUS_OK);
  new Int32Array(w.memory.buffer, w.keyIdColPtr(), n).set(ids);
  const t = new Float64Array(w.memory.buffer, w.timeColPtr(), n);
  const v = new Float64Array(w.memory.buffer, w.valuesColPtr(), n);
  for (let i = 0; i < n; i++) {
    t[i] = times[i]!;
    v[i] = values[i]!;
  }
  w.detectEvents(n);
  return Float64Array.from(new Float64Array(w.memory.buffer, w.detectRowsPtr(), n * DET_OUT_F64));
}
