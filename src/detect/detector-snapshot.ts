// Detector state in and out of a kernel instance, as snapshot bytes (detector-snapshot-format.ts):
// one state (saveDetectorState / loadDetectorState) or a detection job's every key
// (snapshotDetectEvents / restoreDetectEvents; KeyedDetector.snapshot / restore for detection on
// window results writes the same keyed format). The catch with linear memory: any kernel call
// that may allocate (a buffer, a load, a restore) can grow it and detach every view, so each view
// here is taken after the last such call, never kept across one.

import type { ResolvedDetector } from './detector-catalog.js';
import { DetectorSnapshotError, decodeSnapshot, encodeSnapshot } from './detector-snapshot-format.js';
import { detectorExports, type DetectorExports } from '../wasm/detector-exports.js';
import type { KernelExports } from '../wasm/kernel-module.js';

/** A copy of kernel bytes [p, p + n) that outlives the kernel's memory growing. */
function copyOut(memory: WebAssembly.Memory, p: number, n: number): Buffer {
  return Buffer.from(new Uint8Array(memory.buffer, p, n));
}

/** `bytes` copied into a new kernel buffer (free it with detectorBufferFree). */
export function copyIn(kernel: DetectorExports, bytes: Uint8Array): number {
  const p = kernel.detectorBufferAlloc(bytes.length);
  new Uint8Array(kernel.memory.buffer, p, bytes.length).set(bytes);
  return p;
}

/** The state's bytes alone (detectorSave's), as a Buffer. */
export function savedStateBytes(kernel: DetectorExports, kind: number, state: number): Buffer {
  const n = kernel.detectorSavedBytes(kind, state);
  const p = kernel.detectorBufferAlloc(n);
  try {
    kernel.detectorSave(kind, state, p);
    return copyOut(kernel.memory, p, n);
  } finally {
    kernel.detectorBufferFree(p);
  }
}

/** A snapshot of one state of `detector` (its address in `kernel`), header included. */
export function saveDetectorState(kernel: DetectorExports, detector: ResolvedDetector, state: number): Buffer {
  return encodeSnapshot('state', detector, savedStateBytes(kernel, detector.spec.kind, state));
}

/**
 * A new state in `kernel` (an address; free it with detectorFree) equal to the one the snapshot
 * was made of. Throws DetectorSnapshotError when the snapshot was made by another detector, with
 * other params, by another format version, or its bytes are damaged.
 */
export function loadDetectorState(kernel: DetectorExports, detector: ResolvedDetector, snapshot: Uint8Array): number {
  const body = decodeSnapshot(snapshot, 'state', detector);
  const p = copyIn(kernel, body);
  try {
    const state = kernel.detectorLoad(detector.spec.kind, p, body.length);
    if (state === 0) throw refusedState(detector, 'the state');
    return state;
  } finally {
    kernel.detectorBufferFree(p);
  }
}

/** The kernel refused a state whose header and checksum were fine: written by another kernel build. */
export function refusedState(detector: ResolvedDetector, which: string): DetectorSnapshotError {
  return new DetectorSnapshotError(
    'malformed',
    `the kernel refused ${which} of the "${detector.spec.name}" snapshot although its checksum holds: it was written by an eddy whose "${detector.spec.name}" state format differs — start the detector afresh`,
  );
}

/** Every key's detector state of a detection job's kernel (assembly/detect-events.ts), header included. */
export function snapshotDetectEvents(kernel: KernelExports, detector: ResolvedDetector): Buffer {
  const d = detectorExports(kernel);
  const n = kernel.detectSnapshotBytes();
  const p = d.detectorBufferAlloc(n);
  try {
    kernel.detectSnapshot(p);
    return encodeSnapshot('keyed', detector, copyOut(kernel.memory, p, n));
  } finally {
    d.detectorBufferFree(p);
  }
}

/**
 * Installs a keyed snapshot (of snapshotDetectEvents or KeyedDetector.snapshot) into a detection
 * job's kernel configured with `detector`: each key is interned and gets its state. Returns the
 * keys restored. All or nothing: throws DetectorSnapshotError with the kernel unchanged.
 */
export function restoreDetectEvents(kernel: KernelExports, detector: ResolvedDetector, snapshot: Uint8Array): number {
  const body = decodeSnapshot(snapshot, 'keyed', detector);
  const d = detectorExports(kernel);
  const p = copyIn(d, body);
  let restored: number;
  try {
    restored = kernel.detectRestore(p, body.length);
  } finally {
    d.detectorBufferFree(p);
  }
  if (restored >= 0) return restored;
  if (restored === -2) {
    throw new DetectorSnapshotError('version', `the keyed snapshot's body is not "${detector.spec.name}" states of this eddy's format (or the kernel is configured for another detector): start the detector afresh`);
  }
  if (restored === -3) throw refusedState(detector, 'a key\'s state');
  throw new DetectorSnapshotError('malformed', `the keyed "${detector.spec.name}" snapshot's framing is broken although its checksum holds: it was written by another eddy version — start the detector afresh`);
}
