// Python 2.7's tuple hash, which names contexts (and orders the neurons, context-neurons.ts), and
// the open-addressing table that finds a left semi-context by its hash.

import {
  NEURON_FACT_BASE, R_CAP, R_LEFT_HASH, R_PTR, SENSOR_FACT_BASE, regionLen, regionPtr, setRegionLen
} from './context-layout';

// ── Python 2.7's tuple hash, fed one fact at a time ──

/** x ← (x ^ fact) · mult; mult += 82520 + 2·(facts still to come), as tuplehash does. */
// @ts-ignore: decorator
@inline
function hashFact(x: i64, mult: i64, fact: i64): i64 {
  return (x ^ fact) * mult;
}

// @ts-ignore: decorator
@inline
function hashEnd(x: i64): i64 {
  const h = x + 97531;
  return h == -1 ? -2 : h;
}

/** Hash of the sorted tuple (sensor facts of `sensors`, then 2^31 + each of the `n` ids at `ids`). */
export function tupleHash(sensors: i32, ids: usize, n: i32): i64 {
  let len = popcnt(sensors) + n;
  let x: i64 = 0x345678;
  let mult: i64 = 1000003;
  let m = sensors;
  while (m != 0) {
    const bit = ctz(m);
    m &= m - 1;
    len--;
    x = hashFact(x, mult, SENSOR_FACT_BASE + <i64>bit);
    mult += 82520 + <i64>(len + len);
  }
  for (let i = 0; i < n; i++) {
    len--;
    x = hashFact(x, mult, NEURON_FACT_BASE + <i64>load<i32>(ids + (<usize>i << 2)));
    mult += 82520 + <i64>(len + len);
  }
  return hashEnd(x);
}

// ── left semi-contexts by hash ──

// @ts-ignore: decorator
@inline
export function hashSlot(h: i64, mask: i32): i32 {
  const z = <u64>h * 0x9E3779B97F4A7C15;
  return <i32>(z >> 32) & mask;
}

/** The left semi-context of hash h, or −1. */
export function findLeft(s: usize, h: i64): i32 {
  const cap = load<i32>(s + R_LEFT_HASH, R_CAP);
  if (cap == 0) return -1;
  const t = regionPtr(s, R_LEFT_HASH);
  const mask = cap - 1;
  let i = hashSlot(h, mask);
  for (;;) {
    const e = t + (<usize>i << 4);
    const v = load<i32>(e, 8);
    if (v == 0) return -1;
    if (load<i64>(e) == h) return v - 1;
    i = (i + 1) & mask;
  }
  return -1; // not reached: the table is at most half full
}

export function insertLeftHash(t: usize, mask: i32, h: i64, id: i32): void {
  let i = hashSlot(h, mask);
  while (load<i32>(t + (<usize>i << 4), 8) != 0) i = (i + 1) & mask;
  const e = t + (<usize>i << 4);
  store<i64>(e, h);
  store<i32>(e, id + 1, 8);
}

/** Records left semi-context `id` under hash h, doubling the table at half load. */
export function addLeftHash(s: usize, h: i64, id: i32): void {
  const cap = load<i32>(s + R_LEFT_HASH, R_CAP);
  const n = regionLen(s, R_LEFT_HASH) + 1;
  if (n * 2 > cap) {
    const next = max(cap * 2, 64);
    const t = heap.alloc(<usize>next << 4);
    memory.fill(t, 0, <usize>next << 4);
    const old = regionPtr(s, R_LEFT_HASH);
    for (let i = 0; i < cap; i++) {
      const e = old + (<usize>i << 4);
      const v = load<i32>(e, 8);
      if (v != 0) insertLeftHash(t, next - 1, load<i64>(e), v - 1);
    }
    if (old != 0) heap.free(old);
    store<usize>(s + R_LEFT_HASH, t, R_PTR);
    store<i32>(s + R_LEFT_HASH, next, R_CAP);
  }
  insertLeftHash(regionPtr(s, R_LEFT_HASH), load<i32>(s + R_LEFT_HASH, R_CAP) - 1, h, id);
  setRegionLen(s, R_LEFT_HASH, n);
}
