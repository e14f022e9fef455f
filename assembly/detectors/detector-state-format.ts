// The saved form of one detector state (detector-output.ts: <p>SavedBytes / <p>Save / <p>Load).
// Position-independent: a state's heap addresses never appear, only counts and in-region indexes,
// so the bytes load into any instance at any address. Little-endian, unaligned (wasm loads do not
// care, and the host copies the bytes as they are).
//
//   0  u32  format word: version | kind << 8 (one format per detector, versioned on its own)
//   4  …    the detector's body, described in its own file
//
// A load refuses (returns 0, allocating nothing it keeps) when the format word is not exactly the
// detector's current one, when the length is not exactly what the body describes, or when a count
// or index in it could take a later step outside its regions. It does not check the learned values
// themselves: a bit flip in a mean loads as a different mean. The host's snapshot header carries a
// checksum for that (src/detect/detector-snapshot-format.ts).

/** Bytes of the format word. */
export const STATE_FORMAT_BYTES: i32 = 4;

/** Current body version of every detector's saved state; bump one detector's when its body changes. */
export const ZSCORE_STATE_VERSION: u32 = 1;
export const MAD_STATE_VERSION: u32 = 1;
export const SPIKE_DIP_STATE_VERSION: u32 = 1;
export const CHANGE_POINT_STATE_VERSION: u32 = 1;
export const CONTEXT_STATE_VERSION: u32 = 1;

/** The format word of detector `kind`'s saved state, body version `version`. */
// @ts-ignore: decorator
@inline
export function stateFormatWord(kind: i32, version: u32): u32 {
  return version | (<u32>kind << 8);
}
