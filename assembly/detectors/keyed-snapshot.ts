// The saved form of many keys' detector states: what a detection job's snapshot holds
// (detect-events.ts) and what the host's KeyedDetector writes for window-result detection
// (src/detect/series-detector.ts writes and reads the same bytes itself), so the host stores one
// format. Keys are their bytes, never their ids: ids depend on interning order, which differs in
// the instance that restores. Little-endian, unaligned.
//
//   0  u32  format word: KEYED_SNAPSHOT_VERSION | kind << 8 | 'K' << 16
//   4  u32  keys
//   8  per key: u32 keyLen, keyLen bytes, u32 stateLen, stateLen bytes (detectorSave's)
//
// Mirrored in src/detect/detector-snapshot-format.ts. Change both together.

export const KEYED_SNAPSHOT_VERSION: u32 = 1;

/** Refusals of a keyed snapshot (detectRestore's negative results). */
export const SNAPSHOT_MALFORMED: i32 = -1;
export const SNAPSHOT_WRONG_FORMAT: i32 = -2;
export const SNAPSHOT_BAD_STATE: i32 = -3;

// @ts-ignore: decorator
@inline
export function keyedSnapshotWord(kind: i32): u32 {
  return KEYED_SNAPSHOT_VERSION | (<u32>kind << 8) | (0x4b << 16);
}

/**
 * The key count of the keyed snapshot at from[0, len) of detector `kind`, once its framing is
 * checked (every entry inside len, nothing after the last), or SNAPSHOT_WRONG_FORMAT /
 * SNAPSHOT_MALFORMED.
 */
export function keyedSnapshotCheck(kind: i32, from: usize, len: i32): i32 {
  if (len < 8) return SNAPSHOT_MALFORMED;
  if (load<u32>(from) != keyedSnapshotWord(kind)) return SNAPSHOT_WRONG_FORMAT;
  const keys = load<i32>(from, 4);
  if (keys < 0) return SNAPSHOT_MALFORMED;
  let p = 8;
  for (let i = 0; i < keys; i++) {
    for (let part = 0; part < 2; part++) {
      if (len - p < 4) return SNAPSHOT_MALFORMED;
      const n = load<i32>(from + <usize>p);
      if (n < 0 || n > len - p - 4) return SNAPSHOT_MALFORMED;
      p += 4 + n;
    }
  }
  return p == len ? keys : SNAPSHOT_MALFORMED;
}
