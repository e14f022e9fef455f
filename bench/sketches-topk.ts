// Top-k kernel benchmark (tinybench), no Redis involved: a stream of Zipf(1.1) string items over
// 100 000 distinct values, top 10, by
//   (a) eddy's WASM Space-Saving kernel (release build), m = 1000: the items' bytes and their
//       address / length / hash columns are written to linear memory once, then one ssAddMany call
//       per iteration adds them all inside WASM;
//   (b) the TypeScript reference (src/reference/space-saving-reference.ts), same m, same answer;
//   (c) idiomatic JavaScript: an exact Map<string, number> count, then a sort of its entries;
//   (d) bloom-filters' TopK (count-min sketch + a k-item heap), the maintained npm top-k library —
//       on the first BLOOM_EVENTS items only: it runs at tens of thousands of items per second.
//
// Each iteration starts from an empty sketch and ends with its top 10. The hashes the WASM kernel
// takes are computed once, outside the timing: V8 likewise caches a string's hash on the string,
// and (b)–(d) see the same 100 000 string objects again and again.
//
//   npx tsx bench/sketches-topk.ts        (BENCH_TOPK_EVENTS, BENCH_TOPK_TIME_MS)

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import bloomFilters from 'bloom-filters';
import { Bench, type Task } from 'tinybench';
import { SpaceSavingReference } from '../src/reference/space-saving-reference.js';
import { instantiateKernel } from '../src/wasm/kernel-module.js';
import { itemHash32, readTop, spaceSavingExports, type SpaceSavingExports } from '../src/wasm/space-saving-exports.js';
import { formatRate } from './sample-stats.js';
import { seededRandom } from '../src/demo/seeded-random.js';

// bloom-filters is CommonJS: its named exports are only reachable through the default import under ESM.
const { TopK } = bloomFilters;
type TopK = InstanceType<typeof TopK>;

const EVENTS = Number(process.env['BENCH_TOPK_EVENTS'] ?? 1_000_000);
const TIME_MS = Number(process.env['BENCH_TOPK_TIME_MS'] ?? 3000);
const DISTINCT = 100_000;
const EXPONENT = 1.1;
const M = 1000;
const K = 10;
const BLOOM_EVENTS = Math.min(EVENTS, 50_000);

/** One answer row, for comparing contenders. */
interface Row {
  readonly item: string;
  readonly count: number;
  readonly error: number;
}

/** Distinct item names and a Zipf(s) stream of ranks over them, the same on every run. */
function zipfItems(events: number, distinct: number, s: number): { names: string[]; ranks: Int32Array } {
  const random = seededRandom(0x70b);
  // Names are not in rank order, so byte order says nothing about frequency.
  const names = Array.from({ length: distinct }, (_, i) => `user:${((i * 7919) % 1_000_003).toString(36)}`);
  const cdf = new Float64Array(distinct);
  let total = 0;
  for (let i = 0; i < distinct; i++) cdf[i] = total += 1 / (i + 1) ** s;
  const ranks = new Int32Array(events);
  for (let e = 0; e < events; e++) {
    const u = random() * total;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    ranks[e] = lo;
  }
  return { names, ranks };
}

/** The stream laid out in linear memory once: item bytes, then u32 address / i32 length / u32 hash columns. */
class WasmTopK {
  private readonly offsets: number;
  private readonly lens: number;
  private readonly hashes: number;
  private readonly out: number;
  lastBytes = 0;

  constructor(
    private readonly ss: SpaceSavingExports,
    names: readonly string[],
    private readonly ranks: Int32Array,
  ) {
    const encoded = names.map((n) => Buffer.from(n, 'latin1'));
    const itemBytes = encoded.reduce((t, b) => t + b.length, 0);
    const n = ranks.length;
    const base = ss.ssStaging(itemBytes + 12 * n + K * 24 + 8);
    const u8 = new Uint8Array(ss.memory.buffer);
    const at = new Uint32Array(names.length);
    const hash = new Uint32Array(names.length);
    let p = base;
    encoded.forEach((b, i) => {
      u8.set(b, p);
      at[i] = p;
      hash[i] = itemHash32(b);
      p += b.length;
    });
    p = (p + 3) & ~3;
    this.offsets = p;
    this.lens = p + 4 * n;
    this.hashes = p + 8 * n;
    this.out = p + 12 * n;
    const u32 = new Uint32Array(ss.memory.buffer);
    for (let e = 0; e < n; e++) {
      const r = ranks[e]!;
      u32[(this.offsets >> 2) + e] = at[r]!;
      u32[(this.lens >> 2) + e] = encoded[r]!.length;
      u32[(this.hashes >> 2) + e] = hash[r]!;
    }
  }

  run(): number {
    const s = this.ss.ssCreate(M);
    this.ss.ssAddMany(s, this.offsets, this.lens, this.hashes, this.ranks.length);
    const top = this.ss.ssTop(s, K, this.out);
    this.lastBytes = this.ss.ssBytes(s);
    this.ss.ssFree(s);
    return top;
  }

  answer(): Row[] {
    const s = this.ss.ssCreate(M);
    this.ss.ssAddMany(s, this.offsets, this.lens, this.hashes, this.ranks.length);
    const rows = readTop(this.ss, s, K).map((e) => ({ item: Buffer.from(e.item).toString('latin1'), count: e.count, error: e.error }));
    this.ss.ssFree(s);
    return rows;
  }
}

function referenceTopK(names: readonly string[], ranks: Int32Array): SpaceSavingReference {
  const r = new SpaceSavingReference(M);
  for (let e = 0; e < ranks.length; e++) r.add(names[ranks[e]!]!);
  return r;
}

function exactCounts(names: readonly string[], ranks: Int32Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (let e = 0; e < ranks.length; e++) {
    const item = names[ranks[e]!]!;
    counts.set(item, (counts.get(item) ?? 0) + 1);
  }
  return counts;
}

function exactTopK(names: readonly string[], ranks: Int32Array): Row[] {
  return [...exactCounts(names, ranks)]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, K)
    .map(([item, count]) => ({ item, count, error: 0 }));
}

function bloomTopK(names: readonly string[], ranks: Int32Array): TopK {
  const t = new TopK(K, 0.001, 0.999);
  for (let e = 0; e < ranks.length; e++) t.add(names[ranks[e]!]!);
  return t;
}

/**
 * Heap bytes retained by what `build` returns, after full collections: the mean over a few copies
 * kept alive together, since one copy is within the noise of V8's accounting. Approximate.
 */
function retainedBytes(build: () => unknown): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const copies = 4;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = Array.from({ length: copies }, build);
  gc();
  gc();
  const after = process.memoryUsage().heapUsed;
  if (kept.length !== copies) throw new Error('unreachable');
  return Math.round((after - before) / copies);
}

interface Figure {
  readonly name: string;
  readonly eventsPerSecond: number;
  readonly medianMs: number;
  readonly rmePercent: number;
  readonly samples: number;
}

function figure(task: Task, events: number): Figure {
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed') throw new Error(`top-k benchmark ${task.name} did not complete (${r.state})`);
  return { name: task.name, medianMs: r.latency.p50, eventsPerSecond: (events * 1000) / r.latency.p50, rmePercent: r.latency.rme, samples: r.latency.samplesCount };
}

async function main(): Promise<void> {
  console.log(`top-k: ${EVENTS.toLocaleString('en-US')} Zipf(${EXPONENT}) items over ${DISTINCT.toLocaleString('en-US')} distinct, m = ${M}, k = ${K}`);
  const { names, ranks } = zipfItems(EVENTS, DISTINCT, EXPONENT);
  const wasm = new WasmTopK(spaceSavingExports(instantiateKernel('release')), names, ranks);

  // Same answer, or the comparison is meaningless: WASM and reference exactly, both against the
  // exact counts within their stated errors.
  const fromWasm = wasm.answer();
  const fromReference = referenceTopK(names, ranks).top(K);
  const exact = exactTopK(names, ranks);
  const truth = exactCounts(names, ranks);
  if (JSON.stringify(fromWasm) !== JSON.stringify(fromReference)) throw new Error('WASM and reference top-k differ');
  for (const row of fromWasm) {
    const f = truth.get(row.item) ?? 0;
    if (f > row.count || row.count - row.error > f) throw new Error(`${row.item}: count ${row.count} ± ${row.error} misses the true ${f}`);
  }
  const sameItems = fromWasm.map((r) => r.item).join() === exact.map((r) => r.item).join();
  const maxError = Math.max(...fromWasm.map((r) => r.error));
  const bloomRanks = ranks.subarray(0, BLOOM_EVENTS);
  const bloomItems = bloomTopK(names, bloomRanks).values().map((v) => v.value);
  const bloomExact = exactTopK(names, bloomRanks);
  const bloomHits = bloomItems.filter((v) => bloomExact.some((r) => r.item === v)).length;
  console.log(`  Space-Saving top ${K} ${sameItems ? 'equals' : 'differs from'} the exact top ${K}; largest error ${maxError} (bound n/m = ${EVENTS / M})`);
  console.log(`  bloom-filters TopK on the first ${BLOOM_EVENTS.toLocaleString('en-US')} items: ${bloomHits} of their exact top ${K}`);

  const bench = new Bench({ time: TIME_MS, iterations: 5, warmupTime: 300, warmupIterations: 2, throws: true });
  let sink = 0;
  bench
    .add(`WASM Space-Saving (ssAddMany, m=${M})`, () => void (sink += wasm.run()))
    .add(`TS reference (space-saving-reference.ts, m=${M})`, () => void (sink += referenceTopK(names, ranks).top(K).length))
    .add('exact Map<string, number> + sort', () => void (sink += exactTopK(names, ranks).length))
    .add(`bloom-filters TopK (count-min + heap; first ${BLOOM_EVENTS.toLocaleString('en-US')} items)`, () => void (sink += bloomTopK(names, bloomRanks).values().length));
  await bench.run();
  if (sink === 0) console.log('(sink is zero: nothing was computed?)');
  const figures = bench.tasks.map((t, i) => figure(t, i === 3 ? BLOOM_EVENTS : EVENTS));

  const bytes = [
    `${wasm.lastBytes.toLocaleString('en-US')} B (ssBytes: counters, buckets, index, arena)`,
    `≈ ${retainedBytes(() => referenceTopK(names, ranks)).toLocaleString('en-US')} B (V8 heap; item strings shared)`,
    `≈ ${retainedBytes(() => exactCounts(names, ranks)).toLocaleString('en-US')} B (V8 heap; grows with distinct items)`,
    `≈ ${retainedBytes(() => bloomTopK(names, bloomRanks)).toLocaleString('en-US')} B (V8 heap)`,
  ];
  const wasmRate = figures[0]!.eventsPerSecond;
  console.log('');
  console.log('| contender | events/s | median/op | rme | samples | WASM is | bytes per sketch |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  figures.forEach((f, i) => {
    console.log(
      `| ${f.name} | ${formatRate(f.eventsPerSecond)} | ${f.medianMs.toFixed(1)} ms | ${f.rmePercent.toFixed(1)}% | ${f.samples} | ${(wasmRate / f.eventsPerSecond).toFixed(1)}× | ${bytes[i]} |`,
    );
  });
}

await main();
