import type { Fields } from '../pipeline/derived-records.js';

/**
 * Records for a Lua script as one msgpack argument: an array of arrays of strings, decoded in the
 * script by `cmsgpack.unpack`. One argument instead of thousands saves most of the client's and
 * Redis' per-argument work. Redis' cmsgpack knows no `bin` type, so byte strings (keys, original
 * field values) are written as `str` with their bytes as they are — cmsgpack does not check UTF-8.
 */
export function packRecords(records: readonly Fields[]): Buffer {
  let size = arrayHeaderSize(records.length);
  for (const r of records) {
    size += arrayHeaderSize(r.length);
    for (const f of r) {
      const n = typeof f === 'string' ? Buffer.byteLength(f) : f.length;
      size += strHeaderSize(n) + n;
    }
  }
  const out = Buffer.allocUnsafe(size);
  let at = writeArrayHeader(out, 0, records.length);
  for (const r of records) {
    at = writeArrayHeader(out, at, r.length);
    for (const f of r) {
      const n = typeof f === 'string' ? Buffer.byteLength(f) : f.length;
      at = writeStrHeader(out, at, n);
      if (typeof f === 'string') out.write(f, at, 'utf8');
      else f.copy(out, at);
      at += n;
    }
  }
  return out;
}

function arrayHeaderSize(n: number): number {
  return n < 16 ? 1 : n < 0x10000 ? 3 : 5;
}

function strHeaderSize(n: number): number {
  return n < 32 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
}

function writeArrayHeader(b: Buffer, at: number, n: number): number {
  if (n < 16) {
    b[at] = 0x90 | n;
    return at + 1;
  }
  if (n < 0x10000) {
    b[at] = 0xdc;
    b.writeUInt16BE(n, at + 1);
    return at + 3;
  }
  b[at] = 0xdd;
  b.writeUInt32BE(n, at + 1);
  return at + 5;
}

function writeStrHeader(b: Buffer, at: number, n: number): number {
  if (n < 32) {
    b[at] = 0xa0 | n;
    return at + 1;
  }
  if (n < 0x100) {
    b[at] = 0xd9;
    b[at + 1] = n;
    return at + 2;
  }
  if (n < 0x10000) {
    b[at] = 0xda;
    b.writeUInt16BE(n, at + 1);
    return at + 3;
  }
  b[at] = 0xdb;
  b.writeUInt32BE(n, at + 1);
  return at + 5;
}
