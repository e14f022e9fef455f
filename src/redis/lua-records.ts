/**
 * Records for a Lua script as one msgpack argument: an array of arrays of strings, decoded in the
 * script by `cmsgpack.unpack`. One argument instead of thousands saves most of the client's and
 * Redis' per-argument work. Redis' cmsgpack knows no `bin` type, so byte strings (keys, original
 * field values) are written as `str` with their bytes as they are — cmsgpack does not check UTF-8.
 */
export class RecordPacker {
  private buf: Buffer;
  private at = 0;

  /** `records`: how many records will follow (msgpack needs the count up front). */
  constructor(records: number, sizeHint = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(64, sizeHint));
    this.arrayHeader(records);
  }

  /** Starts a record of `fields` strings (field names and values alternating). */
  record(fields: number): this {
    this.arrayHeader(fields);
    return this;
  }

  /** A text field. Short ASCII text (field names, numbers) is copied in JavaScript: cheaper than a call into C++ per field. */
  text(s: string): this {
    const n = s.length;
    if (n < 64) {
      this.reserve(2 + n);
      const b = this.buf;
      const start = this.at;
      let p = start + (n < 32 ? 1 : 2);
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          ascii = false;
          break;
        }
        b[p++] = c;
      }
      if (ascii) {
        if (n < 32) b[start] = 0xa0 | n;
        else {
          b[start] = 0xd9;
          b[start + 1] = n;
        }
        this.at = p;
        return this;
      }
    }
    const bytes = Buffer.byteLength(s);
    this.strHeader(bytes);
    this.reserve(bytes);
    this.buf.write(s, this.at, 'utf8');
    this.at += bytes;
    return this;
  }

  /** A byte-string field, written as it is. */
  bytes(b: Uint8Array): this {
    const n = b.length;
    this.strHeader(n);
    this.reserve(n);
    if (n < 32) for (let i = 0; i < n; i++) this.buf[this.at + i] = b[i]!;
    else this.buf.set(b, this.at);
    this.at += n;
    return this;
  }

  field(f: string | Uint8Array): this {
    return typeof f === 'string' ? this.text(f) : this.bytes(f);
  }

  /** The packed bytes (a view: the packer must not be used afterwards). */
  finish(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  private arrayHeader(n: number): void {
    this.reserve(5);
    const b = this.buf;
    if (n < 16) b[this.at++] = 0x90 | n;
    else if (n < 0x10000) {
      b[this.at] = 0xdc;
      b.writeUInt16BE(n, this.at + 1);
      this.at += 3;
    } else {
      b[this.at] = 0xdd;
      b.writeUInt32BE(n, this.at + 1);
      this.at += 5;
    }
  }

  private strHeader(n: number): void {
    this.reserve(5);
    const b = this.buf;
    if (n < 32) b[this.at++] = 0xa0 | n;
    else if (n < 0x100) {
      b[this.at] = 0xd9;
      b[this.at + 1] = n;
      this.at += 2;
    } else if (n < 0x10000) {
      b[this.at] = 0xda;
      b.writeUInt16BE(n, this.at + 1);
      this.at += 3;
    } else {
      b[this.at] = 0xdb;
      b.writeUInt32BE(n, this.at + 1);
      this.at += 5;
    }
  }
}

/** Packs records given as field lists. */
export function packRecords(records: readonly (readonly (string | Uint8Array)[])[]): Buffer {
  const p = new RecordPacker(records.length);
  for (const r of records) {
    p.record(r.length);
    for (const f of r) p.field(f);
  }
  return p.finish();
}
