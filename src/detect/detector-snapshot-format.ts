// The bytes of a detector snapshot as the host stores them (e.g. in a partition's checkpoint):
// a header that says what made it, then the kernel's position-independent body.
//
//   0   "EDDT"                     magic
//   4   u16  format version        SNAPSHOT_FORMAT_VERSION
//   6   u8   scope                 'S' one state (detectorSave's bytes), 'K' keyed (many keys' states)
//   7   u8   name length n         the detector as users write it ("zscore", "context", …)
//   8   n bytes of name (ASCII)
//   …   u8 w, then w f64          the params words the states were made with (catalog order)
//   …   u32  body length
//   …   8 bytes checksum          first 8 bytes of SHA-256 over everything before it and the body
//   …   body
//
// A keyed body (mirror of assembly/detectors/keyed-snapshot.ts, the one a detection job's kernel
// writes) is: u32 format word (version | kind << 8 | 'K' << 16), u32 keys, then per key u32
// keyLen, key bytes, u32 stateLen, state bytes. Keys are bytes, never ids (ids depend on interning
// order). KeyedDetector writes the same body on the host, so one format serves events and windows.
// Little-endian throughout. Why the params themselves rather than a hash of them: the refusal can
// then say which parameter differs.

import { createHash } from 'node:crypto';
import type { ResolvedDetector } from './detector-catalog.js';

/** The header's format version: bump it when the header or a body's framing changes. */
export const SNAPSHOT_FORMAT_VERSION = 1;
/** Version of the keyed body (assembly/detectors/keyed-snapshot.ts, KEYED_SNAPSHOT_VERSION). */
export const KEYED_BODY_VERSION = 1;

const MAGIC = Buffer.from('EDDT', 'latin1');
const CHECKSUM_BYTES = 8;

/** What a snapshot holds: one detector state, or every key's. */
export type SnapshotScope = 'state' | 'keyed';

const SCOPE_CHAR: Readonly<Record<SnapshotScope, number>> = { state: 0x53, keyed: 0x4b };

/** Why a snapshot was refused. */
export type SnapshotRefusal = 'malformed' | 'version' | 'scope' | 'detector' | 'params' | 'checksum';

/** A snapshot that cannot be restored here; `reason` says which check refused it, the message what to do. */
export class DetectorSnapshotError extends Error {
  override readonly name = 'DetectorSnapshotError';
  constructor(
    readonly reason: SnapshotRefusal,
    message: string,
  ) {
    super(message);
  }
}

function checksum(head: Uint8Array, body: Uint8Array): Buffer {
  return createHash('sha256').update(head).update(body).digest().subarray(0, CHECKSUM_BYTES);
}

/** The header for `body` (made by `detector`'s states), followed by the body. */
export function encodeSnapshot(scope: SnapshotScope, detector: ResolvedDetector, body: Uint8Array): Buffer {
  const name = Buffer.from(detector.spec.name, 'latin1');
  const words = detector.words;
  const head = Buffer.alloc(8 + name.length + 1 + words.length * 8 + 4);
  MAGIC.copy(head, 0);
  head.writeUInt16LE(SNAPSHOT_FORMAT_VERSION, 4);
  head.writeUInt8(SCOPE_CHAR[scope], 6);
  head.writeUInt8(name.length, 7);
  name.copy(head, 8);
  let at = 8 + name.length;
  head.writeUInt8(words.length, at++);
  for (const w of words) at = head.writeDoubleLE(w, at);
  head.writeUInt32LE(body.length, at);
  return Buffer.concat([head, checksum(head, body), body]);
}

/**
 * The body of `bytes` once every header check passes: magic and version, scope, the detector's
 * name, its params word for word (NaN equal to NaN), the length and the checksum. Throws
 * DetectorSnapshotError saying which failed and what the snapshot was made with.
 */
export function decodeSnapshot(bytes: Uint8Array, scope: SnapshotScope, detector: ResolvedDetector): Buffer {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const malformed = (what: string): DetectorSnapshotError =>
    new DetectorSnapshotError('malformed', `not a detector snapshot: ${what} — restore only bytes a detector snapshot call wrote, whole`);
  if (b.length < 8 || !b.subarray(0, 4).equals(MAGIC)) throw malformed('it does not start with "EDDT"');
  const version = b.readUInt16LE(4);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    throw new DetectorSnapshotError('version', `detector snapshot format version ${version}, but this eddy reads version ${SNAPSHOT_FORMAT_VERSION}: restore it with the eddy that wrote it, or start the detectors afresh`);
  }
  const scopeChar = b.readUInt8(6);
  if (scopeChar !== SCOPE_CHAR[scope]) {
    const found = scopeChar === SCOPE_CHAR.state ? 'one detector state' : scopeChar === SCOPE_CHAR.keyed ? 'keyed detector states' : `scope 0x${scopeChar.toString(16)}`;
    throw new DetectorSnapshotError('scope', `the snapshot holds ${found}, but ${scope === 'state' ? 'one detector state' : 'keyed detector states'} were to be restored`);
  }
  const nameLen = b.readUInt8(7);
  let at = 8 + nameLen;
  if (b.length < at + 1) throw malformed('it ends inside its header');
  const name = b.toString('latin1', 8, at);
  if (name !== detector.spec.name) {
    throw new DetectorSnapshotError('detector', `the snapshot was made by detector "${name}", but this job detects with "${detector.spec.name}": a detector's state cannot be restored into another — start "${detector.spec.name}" afresh (drop the snapshot)`);
  }
  const nWords = b.readUInt8(at++);
  if (b.length < at + nWords * 8 + 4 + CHECKSUM_BYTES) throw malformed('it ends inside its header');
  const words: number[] = [];
  for (let i = 0; i < nWords; i++, at += 8) words.push(b.readDoubleLE(at));
  const params = detector.spec.params;
  if (nWords !== params.length) {
    throw new DetectorSnapshotError('params', `the snapshot of "${name}" has ${nWords} params, this eddy's "${name}" takes ${params.length}: it was written by another version — start the detector afresh`);
  }
  const differing = params.flatMap((p, i) => (sameParam(words[i]!, detector.words[i]!) ? [] : [`${p.name} ${words[i]} in the snapshot, ${detector.words[i]} now`]));
  if (differing.length > 0) {
    throw new DetectorSnapshotError('params', `the snapshot of "${name}" was made with other params (${differing.join('; ')}): states learned under other params would judge differently — restore with the params it was made with, or start the detector afresh`);
  }
  const bodyLen = b.readUInt32LE(at);
  at += 4;
  const sum = b.subarray(at, at + CHECKSUM_BYTES);
  const body = b.subarray(at + CHECKSUM_BYTES);
  if (body.length !== bodyLen) throw malformed(`its body is ${body.length} bytes, its header says ${bodyLen} (truncated or padded)`);
  if (!checksum(b.subarray(0, at), body).equals(sum)) {
    throw new DetectorSnapshotError('checksum', `the detector snapshot of "${name}" fails its checksum: its bytes changed after it was written — restore an intact copy, or start the detector afresh`);
  }
  return body;
}

/** Equal params: NaN (a learned range) equals NaN. */
function sameParam(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** One key's entry of a keyed body. */
export interface KeyedEntry {
  readonly key: Uint8Array;
  readonly state: Uint8Array;
}

/** The keyed body's format word for detector kind `kind`. */
export function keyedBodyWord(kind: number): number {
  return (KEYED_BODY_VERSION | (kind << 8) | (0x4b << 16)) >>> 0;
}

/** A keyed body of `entries` (each state as detectorSave wrote it). */
export function encodeKeyedBody(kind: number, entries: readonly KeyedEntry[]): Buffer {
  let bytes = 8;
  for (const e of entries) bytes += 8 + e.key.length + e.state.length;
  const b = Buffer.alloc(bytes);
  b.writeUInt32LE(keyedBodyWord(kind), 0);
  b.writeUInt32LE(entries.length, 4);
  let at = 8;
  for (const e of entries) {
    at = b.writeUInt32LE(e.key.length, at);
    b.set(e.key, at);
    at += e.key.length;
    at = b.writeUInt32LE(e.state.length, at);
    b.set(e.state, at);
    at += e.state.length;
  }
  return b;
}

/** The entries of a keyed body (views into it, with their offsets), framing checked. */
export function decodeKeyedBody(kind: number, body: Buffer): (KeyedEntry & { readonly stateAt: number })[] {
  const malformed = (what: string): DetectorSnapshotError => new DetectorSnapshotError('malformed', `malformed keyed detector snapshot: ${what}`);
  if (body.length < 8) throw malformed('shorter than its 8-byte head');
  const word = body.readUInt32LE(0);
  if (word !== keyedBodyWord(kind)) {
    throw new DetectorSnapshotError('version', `keyed detector snapshot body of format 0x${word.toString(16)}, expected 0x${keyedBodyWord(kind).toString(16)} (version ${KEYED_BODY_VERSION}, kind ${kind}): written by another eddy version — start the detectors afresh`);
  }
  const keys = body.readUInt32LE(4);
  const out: (KeyedEntry & { stateAt: number })[] = [];
  let at = 8;
  for (let i = 0; i < keys; i++) {
    if (body.length - at < 4) throw malformed(`key ${i} of ${keys} is cut off`);
    const keyLen = body.readUInt32LE(at);
    at += 4;
    if (keyLen > body.length - at - 4) throw malformed(`key ${i} of ${keys} is cut off`);
    const key = body.subarray(at, at + keyLen);
    at += keyLen;
    const stateLen = body.readUInt32LE(at);
    at += 4;
    if (stateLen > body.length - at) throw malformed(`the state of key ${i} of ${keys} is cut off`);
    out.push({ key, state: body.subarray(at, at + stateLen), stateAt: at });
    at += stateLen;
  }
  if (at !== body.length) throw malformed(`${body.length - at} bytes after the last key`);
  return out;
}
