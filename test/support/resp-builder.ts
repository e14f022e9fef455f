// A small RESP2 encoder for tests: builds the exact bytes a Redis server would send, so the WASM
// framing and decoding can be checked against the TypeScript reference on replies drawn at random.
// Deliberately independent of src/reference/resp-value.ts (which parses) so the two can disagree.

import type { RawEntry } from '../../src/reference/resp-value.js';

/** A RESP2 value as a tree; `encodeResp` turns it into bytes. */
export type RespTree =
  | { readonly t: 'bulk'; readonly v: Uint8Array }
  | { readonly t: 'nil-bulk' }
  | { readonly t: 'simple'; readonly v: string }
  | { readonly t: 'error'; readonly v: string }
  | { readonly t: 'int'; readonly v: bigint }
  | { readonly t: 'array'; readonly v: readonly RespTree[] }
  | { readonly t: 'nil-array' };

const CRLF = Buffer.from('\r\n', 'latin1');

function line(type: string, text: string): Buffer {
  return Buffer.from(`${type}${text}\r\n`, 'latin1');
}

/** `$n\r\n<bytes>\r\n`; strings are written as UTF-8. */
export function bulk(v: Uint8Array | string): Buffer {
  const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
  return Buffer.concat([line('$', String(bytes.length)), bytes, CRLF]);
}

export function nilBulk(): Buffer {
  return line('$', '-1');
}

export function array(items: readonly Uint8Array[]): Buffer {
  return Buffer.concat([line('*', String(items.length)), ...items]);
}

export function nilArray(): Buffer {
  return line('*', '-1');
}

/** `+text\r\n`; text must not contain CR or LF. */
export function simple(text: string): Buffer {
  return line('+', text);
}

/** `-text\r\n`; text must not contain CR or LF. */
export function errorReply(text: string): Buffer {
  return line('-', text);
}

export function integer(n: bigint | number): Buffer {
  return line(':', String(n));
}

export function encodeResp(v: RespTree): Buffer {
  switch (v.t) {
    case 'bulk':
      return bulk(v.v);
    case 'nil-bulk':
      return nilBulk();
    case 'simple':
      return simple(v.v);
    case 'error':
      return errorReply(v.v);
    case 'int':
      return integer(v.v);
    case 'array':
      return array(v.v.map(encodeResp));
    case 'nil-array':
      return nilArray();
  }
}

/** One stream entry as XREADGROUP sends it: `*2 $id *2F $f $v …`, or `*2 $id *-1` when deleted. */
export function streamEntry(e: RawEntry): Buffer {
  const fields = e.fields === null ? nilArray() : array(e.fields.flatMap(([f, v]) => [bulk(f), bulk(v)]));
  return array([bulk(Buffer.from(e.id, 'latin1')), fields]);
}

/** A whole XREADGROUP reply for one stream: `*1 *2 $stream *E <entries>`. */
export function readGroupReply(stream: string, entries: readonly RawEntry[]): Buffer {
  return array([array([bulk(stream), array(entries.map(streamEntry))])]);
}

/** The entry IDs each followed by one space: the entry ID buffer the kernel is expected to fill. */
export function entryIdText(entries: readonly RawEntry[]): string {
  return entries.map((e) => `${e.id} `).join('');
}
