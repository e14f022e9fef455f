// Key bytes → dense key id (0, 1, 2, … in order of first appearance). The bytes live in an arena
// so the host can read a key back once, when it first needs its name; the index is open
// addressing with linear probing over ids, so ids never move and nothing is ever deleted.

let arena: usize = 0;
import { growRegion } from './heap-region';
let arenaUsed: i32 = 0;
let arenaCap: i32 = 0;

let keyCount: i32 = 0;
let keyCap: i32 = 0;
let keyOff: usize = 0; // u32 per key
let keyLen: usize = 0; // u32 per key
let keyHash: usize = 0; // u32 per key

let index: usize = 0; // u32 per slot: key id + 1, 0 = empty
let indexMask: u32 = 0;

// @ts-ignore: decorator
@inline
function fnv1a(p: usize, len: i32): u32 {
  let h: u32 = 2166136261;
  for (let i = 0; i < len; i++) {
    h = (h ^ <u32>load<u8>(p + i)) * 16777619;
  }
  // Final avalanche so that keys differing only in their last byte spread over the table.
  h ^= h >>> 16;
  h *= 0x85ebca6b;
  h ^= h >>> 13;
  return h;
}

function growKeys(): void {
  const cap = keyCap == 0 ? 1024 : keyCap * 2;
  keyOff = growRegion(keyOff, <usize>cap << 2);
  keyLen = growRegion(keyLen, <usize>cap << 2);
  keyHash = growRegion(keyHash, <usize>cap << 2);
  keyCap = cap;
}

function rebuildIndex(slots: u32): void {
  if (index != 0) heap.free(index);
  index = heap.alloc(<usize>slots << 2);
  memory.fill(index, 0, <usize>slots << 2);
  indexMask = slots - 1;
  for (let id = 0; id < keyCount; id++) {
    let s = load<u32>(keyHash + (<usize>id << 2)) & indexMask;
    while (load<u32>(index + (<usize>s << 2)) != 0) s = (s + 1) & indexMask;
    store<u32>(index + (<usize>s << 2), <u32>id + 1);
  }
}

export function resetKeys(): void {
  keyCount = 0;
  arenaUsed = 0;
  rebuildIndex(2048);
}

/** Id of the key whose bytes are at p[0..len), adding it when new. */
export function internKey(p: usize, len: i32): i32 {
  if (index == 0) rebuildIndex(2048);
  const h = fnv1a(p, len);
  let s = h & indexMask;
  while (true) {
    const entry = load<u32>(index + (<usize>s << 2));
    if (entry == 0) break;
    const id = <i32>entry - 1;
    if (
      load<u32>(keyHash + (<usize>id << 2)) == h &&
      <i32>load<u32>(keyLen + (<usize>id << 2)) == len &&
      memory.compare(arena + load<u32>(keyOff + (<usize>id << 2)), p, len) == 0
    ) {
      return id;
    }
    s = (s + 1) & indexMask;
  }
  // New key.
  if (keyCount == keyCap) growKeys();
  if (arenaUsed + len > arenaCap) {
    let cap = arenaCap == 0 ? 65536 : arenaCap * 2;
    while (cap < arenaUsed + len) cap *= 2;
    arena = growRegion(arena, cap);
    arenaCap = cap;
  }
  memory.copy(arena + arenaUsed, p, len);
  const id = keyCount++;
  store<u32>(keyOff + (<usize>id << 2), arenaUsed);
  store<u32>(keyLen + (<usize>id << 2), len);
  store<u32>(keyHash + (<usize>id << 2), h);
  arenaUsed += len;
  store<u32>(index + (<usize>s << 2), <u32>id + 1);
  // Keep the load factor under one half.
  if (<u32>keyCount * 2 > indexMask) rebuildIndex((indexMask + 1) * 2);
  return id;
}

export function keyTableSize(): i32 {
  return keyCount;
}

export function keyBytesPtr(id: i32): usize {
  return arena + load<u32>(keyOff + (<usize>id << 2));
}

export function keyBytesLen(id: i32): i32 {
  return <i32>load<u32>(keyLen + (<usize>id << 2));
}
