// RESP2 framing: how many bytes the first complete reply occupies. The reader accumulates socket
// chunks in WASM memory and asks this after each chunk; arrays are flattened into a count of
// elements still expected, so nesting needs no stack.

export const FRAME_INCOMPLETE: i32 = -1;
export const FRAME_PROTOCOL_ERROR: i32 = -2;

const CR: u8 = 13;

/** Parses a (possibly negative) decimal integer terminated by CRLF; returns the position after CRLF or -1. */
// @ts-ignore: decorator
@inline
function lineEnd(base: usize, pos: i32, len: i32): i32 {
  for (let i = pos; i + 1 < len; i++) {
    if (load<u8>(base + i) == CR) return load<u8>(base + i + 1) == 10 ? i + 2 : FRAME_PROTOCOL_ERROR;
  }
  return FRAME_INCOMPLETE;
}

let parsedInt: i64 = 0;

/** Reads the integer of a `$n`/`*n` header at pos (after the type byte); returns position after CRLF. */
export function readHeaderInt(base: usize, pos: i32, len: i32): i32 {
  let neg = false;
  let v: i64 = 0;
  let i = pos;
  if (i < len && load<u8>(base + i) == 45) { neg = true; i++; }
  let digits = 0;
  while (i < len) {
    const c = load<u8>(base + i);
    if (c == CR) break;
    const d = <i32>c - 48;
    if (d < 0 || d > 9 || digits > 18) return FRAME_PROTOCOL_ERROR;
    v = v * 10 + d;
    digits++;
    i++;
  }
  if (i + 1 >= len) return FRAME_INCOMPLETE;
  if (digits == 0 || load<u8>(base + i + 1) != 10) return FRAME_PROTOCOL_ERROR;
  parsedInt = neg ? -v : v;
  return i + 2;
}

export function lastHeaderInt(): i64 {
  return parsedInt;
}

/** Length in bytes of the first complete RESP2 value at base[0..len), or FRAME_INCOMPLETE / FRAME_PROTOCOL_ERROR. */
export function frameLength(base: usize, len: i32): i32 {
  let pending: i64 = 1;
  let pos = 0;
  while (pending > 0) {
    if (pos >= len) return FRAME_INCOMPLETE;
    const type = load<u8>(base + pos);
    pos++;
    if (type == 43 || type == 45 || type == 58) {
      // '+' simple string, '-' error, ':' integer
      pos = lineEnd(base, pos, len);
      if (pos < 0) return pos;
      pending--;
    } else if (type == 36) {
      // '$' bulk string
      pos = readHeaderInt(base, pos, len);
      if (pos < 0) return pos;
      const n = parsedInt;
      if (n >= 0) {
        if (<i64>pos + n + 2 > <i64>len) return FRAME_INCOMPLETE;
        pos += <i32>n + 2;
      }
      pending--;
    } else if (type == 42) {
      // '*' array
      pos = readHeaderInt(base, pos, len);
      if (pos < 0) return pos;
      pending--;
      if (parsedInt > 0) pending += parsedInt;
    } else {
      return FRAME_PROTOCOL_ERROR;
    }
  }
  return pos;
}
