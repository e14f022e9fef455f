// xxHash64 with seed 0 (Yann Collet, XXH64 in xxhash.h; spec: doc/xxhash_spec.md of the xxHash
// repository). Chosen over wyhash because XXH64 is frozen, specified byte by byte and has published
// test vectors (the kernel tests check them and src/reference/hash64-reference.ts). Sketches need a
// 64-bit hash whose every bit is well mixed: HyperLogLog takes its register index from the top bits
// and its rank from the rest, so a weak hash biases the estimate.
//
// Reads are little-endian and unaligned, as WebAssembly's load<u64> is; the catch is that the
// result is the XXH64 of little-endian machines only, which is the one every published vector uses.

const P1: u64 = 0x9e3779b185ebca87;
const P2: u64 = 0xc2b2ae3d27d4eb4f;
const P3: u64 = 0x165667b19e3779f9;
const P4: u64 = 0x85ebca77c2b2ae63;
const P5: u64 = 0x27d4eb2f165667c5;

// @ts-ignore: decorator
@inline
function round(acc: u64, lane: u64): u64 {
  return rotl<u64>(acc + lane * P2, 31) * P1;
}

// @ts-ignore: decorator
@inline
function mergeRound(h: u64, v: u64): u64 {
  return (h ^ round(0, v)) * P1 + P4;
}

/** XXH64(bytes p[0..len), seed 0). Exported as a BigInt to JS; hash64Into/hash64Many avoid that. */
export function hash64(p: usize, len: i32): u64 {
  const end = p + <usize>len;
  let h: u64;
  if (len >= 32) {
    let v1: u64 = P1 + P2;
    let v2: u64 = P2;
    let v3: u64 = 0;
    let v4: u64 = 0 - P1;
    const limit = end - 32;
    do {
      v1 = round(v1, load<u64>(p));
      v2 = round(v2, load<u64>(p, 8));
      v3 = round(v3, load<u64>(p, 16));
      v4 = round(v4, load<u64>(p, 24));
      p += 32;
    } while (p <= limit);
    h = rotl<u64>(v1, 1) + rotl<u64>(v2, 7) + rotl<u64>(v3, 12) + rotl<u64>(v4, 18);
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h += <u64>len;
  while (p + 8 <= end) {
    h = rotl<u64>(h ^ round(0, load<u64>(p)), 27) * P1 + P4;
    p += 8;
  }
  if (p + 4 <= end) {
    h = rotl<u64>(h ^ (<u64>load<u32>(p) * P1), 23) * P2 + P3;
    p += 4;
  }
  while (p < end) {
    h = rotl<u64>(h ^ (<u64>load<u8>(p) * P5), 11) * P1;
    p++;
  }
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}

/** Writes hash64(p, len) as a little-endian u64 at `out`: the BigInt-free way for JS to get one hash. */
export function hash64Into(p: usize, len: i32, out: usize): void {
  store<u64>(out, hash64(p, len));
}

/**
 * Hashes n byte strings laid out Arrow-style: string i is base + offs[i] .. base + offs[i + 1]
 * (offs: n + 1 u32 at `offs`). Writes n u64 at `out`, the input hllAddHashes takes. One call per
 * batch, because a JS → WASM call per value costs more than hashing a short value.
 */
export function hash64Many(base: usize, offs: usize, n: i32, out: usize): void {
  let start = load<u32>(offs);
  for (let i = 0; i < n; i++) {
    const next = load<u32>(offs + ((<usize>i + 1) << 2));
    store<u64>(out + (<usize>i << 3), hash64(base + <usize>start, <i32>(next - start)));
    start = next;
  }
}
