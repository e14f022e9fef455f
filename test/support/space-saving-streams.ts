import fc from 'fast-check';
import { seededRandom } from '../../src/demo/seeded-random.js';
import { SpaceSavingReference, type SpaceSavingEntry } from '../../src/reference/space-saving-reference.js';
import { instantiateKernel } from '../../src/wasm/kernel-module.js';
import { addItem, readTop, spaceSavingExports, type SpaceSavingExports } from '../../src/wasm/space-saving-exports.js';

/** A stream of items, each a binary string (char code = byte), as the reference takes them. */
export type ItemStream = readonly string[];

/** A debug-build kernel's Space-Saving exports. One instance serves a whole test file. */
export function debugSpaceSaving(): SpaceSavingExports {
  return spaceSavingExports(instantiateKernel('debug'));
}

const bytesOf = (item: string): Uint8Array => Buffer.from(item, 'latin1');

/** A WASM sketch of m counters fed `stream`; its address. */
export function wasmSketch(ss: SpaceSavingExports, m: number, stream: ItemStream, hash?: (item: string) => number): number {
  const s = ss.ssCreate(m);
  addAll(ss, s, stream, hash);
  return s;
}

/** Feeds `stream` to an existing WASM sketch. */
export function addAll(ss: SpaceSavingExports, s: number, stream: ItemStream, hash?: (item: string) => number): void {
  for (const item of stream) addItem(ss, s, bytesOf(item), ...(hash ? [hash(item)] : []));
}

/** The reference sketch of m counters fed `stream`. */
export function referenceSketch(m: number, stream: ItemStream): SpaceSavingReference {
  const r = new SpaceSavingReference(m);
  for (const item of stream) r.add(item);
  return r;
}

/** Every counter of a WASM sketch, in output order, as reference entries. */
export function wasmEntries(ss: SpaceSavingExports, s: number, k = ss.ssCapacity(s)): SpaceSavingEntry[] {
  return readTop(ss, s, k).map((e) => ({ item: Buffer.from(e.item).toString('latin1'), count: e.count, error: e.error }));
}

/** Exact counts. */
export function trueCounts(...streams: ItemStream[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const stream of streams) for (const item of stream) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

/**
 * Space-Saving's guarantees for a full dump of a sketch (all its counters): every item with
 * frequency > n/m is present; every entry's true count is within [count − error, count]; every
 * error is ≤ n/m. Returns the first violation, or undefined.
 */
export function guaranteeViolation(entries: readonly SpaceSavingEntry[], truth: ReadonlyMap<string, number>, n: number, m: number): string | undefined {
  const present = new Map(entries.map((e) => [e.item, e]));
  for (const [item, f] of truth) {
    if (f * m > n && !present.has(item)) return `heavy hitter ${JSON.stringify(item)} (f=${f} > n/m=${n / m}) missing`;
  }
  for (const e of entries) {
    const f = truth.get(e.item) ?? 0;
    if (e.count < f) return `${JSON.stringify(e.item)}: count ${e.count} under true ${f}`;
    if (e.count - e.error > f) return `${JSON.stringify(e.item)}: count ${e.count} − error ${e.error} over true ${f}`;
    if (e.error * m > n) return `${JSON.stringify(e.item)}: error ${e.error} over n/m = ${n / m}`;
  }
  return undefined;
}

/** A dictionary of distinct byte-string items: empty, prefixes of each other, bytes ≥ 0x80. */
const dictionary = (maxSize: number): fc.Arbitrary<string[]> =>
  fc.uniqueArray(fc.uint8Array({ maxLength: 5 }).map((b) => Buffer.from(b).toString('latin1')), { minLength: 1, maxLength: maxSize });

/** Zipf-like: item i of a dictionary drawn with weight 1/(i+1)^s. */
export const zipfStream: fc.Arbitrary<ItemStream> = fc
  .record({
    items: dictionary(300),
    s: fc.double({ min: 0.3, max: 2.5, noNaN: true }),
    length: fc.integer({ min: 0, max: 3000 }),
    seed: fc.integer(),
  })
  .map(({ items, s, length, seed }) => {
    const cdf: number[] = [];
    let total = 0;
    for (let i = 0; i < items.length; i++) cdf.push((total += 1 / (i + 1) ** s));
    const random = seededRandom(seed);
    return Array.from({ length }, () => {
      const u = random() * total;
      let lo = 0;
      let hi = cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid]! < u) lo = mid + 1;
        else hi = mid;
      }
      return items[lo]!;
    });
  });

/**
 * Streams built to hurt Space-Saving: runs of one item (bursts), round robins over more items than
 * counters (every add evicts), heavy items arriving only after a flood of singletons, and ties.
 */
export const adversarialStream: fc.Arbitrary<ItemStream> = fc.oneof(
  // Runs: (item, run length) pairs, so a later burst of a forgotten item must outrank old counters.
  fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 60 })), { maxLength: 80 }).map((runs) =>
    runs.flatMap(([item, run]) => Array<string>(run).fill(`r${item}`)),
  ),
  // Round robin over d items, c cycles.
  fc.record({ d: fc.integer({ min: 1, max: 60 }), cycles: fc.integer({ min: 1, max: 30 }) }).map(({ d, cycles }) =>
    Array.from({ length: d * cycles }, (_, i) => `c${i % d}`),
  ),
  // A flood of singletons, then a few heavy items interleaved.
  fc.record({ flood: fc.integer({ min: 0, max: 1500 }), heavy: fc.integer({ min: 1, max: 5 }), each: fc.integer({ min: 1, max: 400 }) }).map(
    ({ flood, heavy, each }) => [
      ...Array.from({ length: flood }, (_, i) => `s${i}`),
      ...Array.from({ length: heavy * each }, (_, i) => `h${i % heavy}`),
    ],
  ),
  // Interleaved heavy items and singletons: evictions between every pair of hits.
  fc.record({ n: fc.integer({ min: 0, max: 2000 }), heavy: fc.integer({ min: 1, max: 4 }) }).map(({ n, heavy }) =>
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? `h${(i >> 1) % heavy}` : `x${i}`)),
  ),
);

/** Sketch sizes for property tests: tiny ones make every rule bite. */
export const capacity: fc.Arbitrary<number> = fc.integer({ min: 1, max: 40 });
