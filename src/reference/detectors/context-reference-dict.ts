// CPython 2.7's dict order, emulated: which new contexts get which ids depends on the order in
// which a left semi-context's {right semi-context id → context id} dictionary is walked, and that
// is the slot order of CPython's open addressing (same probing, same resize rule). Apart from the
// detector because it is a faithful copy of someone else's data structure, not CAD's method; the
// kernel keeps the same split (assembly/detectors/context-dict.ts).

/**
 * A CPython 2.7 dict of int keys (hash = the key) that is only ever inserted into: iterating it
 * yields the keys in CPython's slot order, which is what decides context ids.
 */
export class PyIntDict {
  private keys: (number | undefined)[] = new Array<number | undefined>(8).fill(undefined);
  private values: number[] = new Array<number>(8).fill(0);
  private used = 0;

  get size(): number {
    return this.used;
  }

  get(key: number): number | undefined {
    const at = this.find(this.keys, key);
    return this.keys[at] === key ? this.values[at] : undefined;
  }

  /** dict.setdefault: the existing value, or `value` stored under `key`. */
  setdefault(key: number, value: number): number {
    const at = this.find(this.keys, key);
    if (this.keys[at] === key) return this.values[at]!;
    this.keys[at] = key;
    this.values[at] = value;
    this.used++;
    // PyDict_SetItem: resize when the table is two-thirds full, to 4 × used (no deletions here,
    // so fill = used).
    if (this.used * 3 >= this.keys.length * 2) this.resize(4 * this.used);
    return value;
  }

  /** (key, value) pairs in CPython's iteration order. */
  *entries(): Generator<[number, number]> {
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (k !== undefined) yield [k, this.values[i]!];
    }
  }

  /** The slot holding `key`, or the empty slot where it would go (lookdict's probe sequence). */
  private find(keys: (number | undefined)[], key: number): number {
    const mask = keys.length - 1;
    let i = key & mask;
    if (keys[i] === undefined || keys[i] === key) return i;
    // i and perturb are size_t in C and only i mod 2^k is ever used, so reducing i modulo the
    // table size at every step changes nothing (keys are small non-negative ints: no overflow).
    let perturb = key;
    for (;;) {
      i = (i * 5 + perturb + 1) % keys.length;
      if (keys[i] === undefined || keys[i] === key) return i;
      perturb = Math.floor(perturb / 32);
    }
  }

  private resize(minUsed: number): void {
    let size = 8;
    while (size <= minUsed) size *= 2;
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Array<number | undefined>(size).fill(undefined);
    this.values = new Array<number>(size).fill(0);
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      if (k === undefined) continue;
      const at = this.find(this.keys, k);
      this.keys[at] = k;
      this.values[at] = oldValues[i]!;
    }
  }
}
