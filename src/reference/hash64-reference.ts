// xxHash64 with seed 0, written for reading rather than speed: BigInt arithmetic truncated to 64
// bits after every step, exactly as the XXH64 specification states it. The test oracle for
// assembly/hash64.ts; the catch is speed (a BigInt per step, around a microsecond per short string).

const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK;
}

function round(acc: bigint, lane: bigint): bigint {
  return (rotl((acc + lane * P2) & MASK, 31n) * P1) & MASK;
}

function mergeRound(h: bigint, v: bigint): bigint {
  return ((h ^ round(0n, v)) * P1 + P4) & MASK;
}

function read64(b: Uint8Array, at: number): bigint {
  const v = new DataView(b.buffer, b.byteOffset + at, 8);
  return v.getBigUint64(0, true);
}

function read32(b: Uint8Array, at: number): bigint {
  const v = new DataView(b.buffer, b.byteOffset + at, 4);
  return BigInt(v.getUint32(0, true));
}

/** XXH64 of `bytes` with seed 0, as an unsigned 64-bit BigInt. */
export function hash64Reference(bytes: Uint8Array): bigint {
  const len = bytes.length;
  let at = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & MASK;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & MASK;
    while (at + 32 <= len) {
      v1 = round(v1, read64(bytes, at));
      v2 = round(v2, read64(bytes, at + 8));
      v3 = round(v3, read64(bytes, at + 16));
      v4 = round(v4, read64(bytes, at + 24));
      at += 32;
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & MASK;
  while (at + 8 <= len) {
    h = (rotl(h ^ round(0n, read64(bytes, at)), 27n) * P1 + P4) & MASK;
    at += 8;
  }
  if (at + 4 <= len) {
    h = (rotl(h ^ ((read32(bytes, at) * P1) & MASK), 23n) * P2 + P3) & MASK;
    at += 4;
  }
  while (at < len) {
    h = (rotl(h ^ ((BigInt(bytes[at]!) * P5) & MASK), 11n) * P1) & MASK;
    at++;
  }
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}
