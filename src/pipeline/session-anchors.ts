// The host side of session anchors (assembly/session-anchors.ts; DESIGN.md, "Session windows replay
// from anchors"): the open sessions' (key, start, last) taken at a batch boundary, encoded with key
// bytes for the checkpoint (key ids depend on interning order, so they do not survive a takeover),
// and opened again, empty, by a successor before it replays.
//
//   bytes: version 1 (u8), then per session in opening order: key length (u32 LE), key bytes,
//          start (f64 LE), last (f64 LE)

import type { PartitionKernel } from '../wasm/partition-kernel.js';

const VERSION = 1;
/** f64 per anchor in the kernel's buffer: key id, start, last, opening order (ANCHOR_F64). */
const ANCHOR_F64 = 4;

/** Every open session's raw anchor (key id, start, last, opening order), copied out of linear memory. */
export function takeSessionAnchors(kernel: PartitionKernel): Float64Array {
  const n = kernel.wasm.takeSessionAnchors();
  const at = kernel.wasm.sessionAnchorsPtr() >> 3;
  return kernel.views().f64.slice(at, at + n * ANCHOR_F64);
}

/** Raw anchors → checkpoint bytes, in opening order. `keyBytes`: a key id's bytes (cache them: ids never move). */
export function encodeSessionAnchors(raw: Float64Array, keyBytes: (id: number) => Buffer): Buffer {
  const n = raw.length / ANCHOR_F64;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => raw[a * ANCHOR_F64 + 3]! - raw[b * ANCHOR_F64 + 3]!);
  const keys = order.map((i) => keyBytes(raw[i * ANCHOR_F64]!));
  const out = Buffer.alloc(1 + keys.reduce((sum, k) => sum + 4 + k.length + 16, 0));
  out[0] = VERSION;
  let o = 1;
  order.forEach((i, j) => {
    const key = keys[j]!;
    out.writeUInt32LE(key.length, o);
    key.copy(out, o + 4);
    o += 4 + key.length;
    out.writeDoubleLE(raw[i * ANCHOR_F64 + 1]!, o);
    out.writeDoubleLE(raw[i * ANCHOR_F64 + 2]!, o + 8);
    o += 16;
  });
  return out;
}

/** Opens the anchors' sessions again, empty, in their opening order. Bytes of another version or cut short are an error. */
export function restoreSessionAnchors(kernel: PartitionKernel, bytes: Buffer): number {
  if (bytes.length === 0 || bytes[0] !== VERSION) throw new Error(`session anchors of version ${bytes[0]} cannot be read (this eddy writes version ${VERSION})`);
  const w = kernel.wasm;
  let o = 1;
  let n = 0;
  while (o < bytes.length) {
    const len = bytes.readUInt32LE(o);
    if (o + 4 + len + 16 > bytes.length) throw new Error('session anchors are cut short');
    const p = w.reserveScratch(len);
    kernel.views().u8.set(bytes.subarray(o + 4, o + 4 + len), p);
    const keyId = w.internKey(p, len);
    o += 4 + len;
    w.restoreSessionAnchor(keyId, bytes.readDoubleLE(o), bytes.readDoubleLE(o + 8));
    o += 16;
    n++;
  }
  return n;
}
