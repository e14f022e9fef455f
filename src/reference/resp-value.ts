// A plain RESP2 parser, slow and obviously right: the reference the WASM framing and decoding are
// tested against, and the host's way to read one entry back (dead letters, late events).

export type RespValue = Buffer | number | null | RespError | RespValue[];

export class RespError {
  constructor(readonly message: string) {}
}

/** Parses the value at buf[pos]; returns it and the position after it, or undefined when incomplete. */
export function parseResp(buf: Uint8Array, pos = 0): { value: RespValue; end: number } | undefined {
  if (pos >= buf.length) return undefined;
  const type = buf[pos];
  const lineEnd = indexOfCrlf(buf, pos + 1);
  if (lineEnd < 0) return undefined;
  const line = Buffer.from(buf.buffer, buf.byteOffset + pos + 1, lineEnd - pos - 1).toString('latin1');
  const after = lineEnd + 2;
  switch (type) {
    case 0x2b: // +
      return { value: Buffer.from(line, 'latin1'), end: after };
    case 0x2d: // -
      return { value: new RespError(line), end: after };
    case 0x3a: // :
      return { value: Number(line), end: after };
    case 0x24: { // $
      const n = Number(line);
      if (n < 0) return { value: null, end: after };
      if (after + n + 2 > buf.length) return undefined;
      return { value: Buffer.from(buf.subarray(after, after + n)), end: after + n + 2 };
    }
    case 0x2a: { // *
      const n = Number(line);
      if (n < 0) return { value: null, end: after };
      const items: RespValue[] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const item = parseResp(buf, p);
        if (!item) return undefined;
        items.push(item.value);
        p = item.end;
      }
      return { value: items, end: p };
    }
    default:
      throw new Error(`not RESP2: type byte ${type} at ${pos}`);
  }
}

function indexOfCrlf(buf: Uint8Array, from: number): number {
  for (let i = from; i + 1 < buf.length; i++) if (buf[i] === 13 && buf[i + 1] === 10) return i;
  return -1;
}

/** One stream entry as it appears in an XREADGROUP/XRANGE reply; fields null when deleted while pending. */
export interface RawEntry {
  readonly id: string;
  readonly fields: readonly (readonly [Buffer, Buffer])[] | null;
}

/** Reads the `*2 $id *2F …` entry at buf[pos]. */
export function parseEntry(buf: Uint8Array, pos: number): RawEntry {
  const parsed = parseResp(buf, pos);
  if (!parsed) throw new Error(`no complete stream entry at ${pos}`);
  return entryOf(parsed.value);
}

/** All entries of a whole XREADGROUP reply (one stream). */
export function parseReadReply(buf: Uint8Array): RawEntry[] {
  const parsed = parseResp(buf, 0);
  if (!parsed) throw new Error('incomplete reply');
  if (parsed.value instanceof RespError) throw new Error(parsed.value.message);
  if (parsed.value === null) return [];
  const stream = (parsed.value as RespValue[])[0] as RespValue[];
  return ((stream[1] as RespValue[] | null) ?? []).map(entryOf);
}

function entryOf(v: RespValue): RawEntry {
  if (!Array.isArray(v) || !(v[0] instanceof Buffer)) throw new Error('not a stream entry');
  const id = v[0].toString('latin1');
  const flat = v[1];
  if (!Array.isArray(flat)) return { id, fields: null };
  const fields: [Buffer, Buffer][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) fields.push([flat[i] as Buffer, flat[i + 1] as Buffer]);
  return { id, fields };
}
