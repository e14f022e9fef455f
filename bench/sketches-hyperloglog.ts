// Distinct-count benchmark (tinybench), no Redis involved: 1,000,000 string values 'user-<n>',
// n drawn from 0 … 99,999 with a fixed seed (≈ 100k distinct), counted with a precision-14
// HyperLogLog (16,384 registers, standard error 0.81%) by
//
//   (a) eddy's WASM kernel as the decoder will drive it: the values' bytes already in linear
//       memory (the input region, where a reply's field bytes sit), per batch of 1000 one
//       hash64Many (XXH64) and one hllAddHashes;
//   (b) the same kernel fed from JS strings: each batch's strings are first UTF-8 encoded into
//       linear memory, the cost a caller holding strings pays — the fair line against (d), (e);
//   (c) the TypeScript reference (BigInt XXH64 + hyperloglog-reference.ts), eddy's test oracle;
//   (d) bloom-filters' HyperLogLog (the most downloaded JS sketch library; xxhashjs inside). It
//       takes ~0.6 ms per value (xxhashjs' 64-bit arithmetic on objects, then a binary string
//       per hash), so it runs on the first BENCH_HLL_SLOW_VALUES values (20,000) only: its
//       values/s is per value all the same, its estimate is against that prefix's distinct count;
//   (e) hyperloglog-lite (Optimizely's HyperLogLog; four 32-bit murmur hashes per value).
//
// (a), (b) and (c) must agree to the bit on the estimate, or the run fails.
//
//   npx tsx bench/sketches-hyperloglog.ts
//   (BENCH_HLL_VALUES, BENCH_HLL_DISTINCT, BENCH_HLL_SLOW_VALUES, BENCH_HLL_TIME_MS)

import { createRequire } from 'node:module';
import { Bench, type Task } from 'tinybench';
import { hash64Reference } from '../src/reference/hash64-reference.js';
import { HyperLogLogReference } from '../src/reference/hyperloglog-reference.js';
import { hash64Exports } from '../src/wasm/hash64-exports.js';
import { createHyperLogLog, hyperLogLogExports } from '../src/wasm/hyperloglog-exports.js';
import { instantiateKernel, type KernelExports } from '../src/wasm/kernel-module.js';
import { formatRate } from './sample-stats.js';
import { seededRandom } from '../src/demo/seeded-random.js';

const PRECISION = 14;
const BATCH = 1000;

/** hyperloglog-lite ships no types: the part of its API used here. */
interface HyperLogLogLite {
  add(hash: number[]): unknown;
  count(): number;
  output(): { n: number; buckets: Uint8Array };
}
type HyperLogLogLiteModule = ((n: number) => HyperLogLogLite) & { hash(value: string): number[] };

/** The benchmark's values: JS strings, and the same as one UTF-8 byte run with Arrow-style offsets. */
interface Values {
  readonly strings: readonly string[];
  readonly bytes: Uint8Array;
  /** n + 1 offsets into `bytes`. */
  readonly offsets: Uint32Array;
  readonly distinct: number;
}

function makeValues(n: number, distinctRange: number): Values {
  const random = seededRandom(0x5eed);
  return valuesOf(Array.from({ length: n }, () => `user-${Math.floor(random() * distinctRange)}`));
}

function valuesOf(strings: readonly string[]): Values {
  const n = strings.length;
  const bytes = Buffer.from(strings.join(''), 'utf8');
  const offsets = new Uint32Array(n + 1);
  strings.forEach((s, i) => (offsets[i + 1] = offsets[i]! + Buffer.byteLength(s, 'utf8')));
  return { strings, bytes, offsets, distinct: new Set(strings).size };
}

/**
 * The WASM contender. The value bytes live in the input region; offsets and the per-batch hash
 * column in one scratch block, all reserved once, so an iteration allocates only its sketch.
 */
class WasmDistinct {
  readonly kernel: KernelExports = instantiateKernel('release');
  private readonly hash = hash64Exports(this.kernel);
  private readonly hll = hyperLogLogExports(this.kernel);
  private readonly base: number;
  private readonly offs: number;
  private readonly hashes: number;
  // (b)'s own byte and offset areas, so that it never overwrites what (a) reads.
  private readonly batchBase: number;
  private readonly batchOffs: number;

  constructor(private readonly values: Values) {
    const { bytes, offsets, strings } = values;
    const longest = strings.reduce((m, v) => Math.max(m, v.length), 0);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const batchBytes = BATCH * longest * 3;
    this.base = this.kernel.reserveInput(bytes.length + batchBytes, 0);
    this.batchBase = this.base + bytes.length;
    const offsBytes = (offsets.length * 4 + 7) & ~7;
    this.offs = this.kernel.reserveScratch(offsBytes + BATCH * 8 + (BATCH + 1) * 4);
    this.hashes = this.offs + offsBytes;
    this.batchOffs = this.hashes + BATCH * 8;
    new Uint8Array(this.kernel.memory.buffer).set(bytes, this.base);
    new Uint32Array(this.kernel.memory.buffer, this.offs, offsets.length).set(offsets);
  }

  /** (a): bytes already in memory, as the decoder has them. Returns [estimate, bytes of state]. */
  countInMemory(): [number, number] {
    const { hll, hash } = this;
    const s = createHyperLogLog(hll, PRECISION);
    const n = this.values.strings.length;
    for (let b = 0; b < n; b += BATCH) {
      const k = Math.min(BATCH, n - b);
      hash.hash64Many(this.base, this.offs + b * 4, k, this.hashes);
      hll.hllAddHashes(s, this.hashes, k);
    }
    const result: [number, number] = [hll.hllEstimate(s), hll.hllBytes(s)];
    hll.hllFree(s);
    return result;
  }

  /**
   * (b): each batch's JS strings UTF-8 encoded into linear memory first, offsets written alongside.
   * ASCII is copied code unit by code unit, since a Buffer.write call per short string costs more
   * than the hashing; a string with any other character goes through Buffer.write.
   */
  countFromStrings(): number {
    const { hll, hash } = this;
    const { strings } = this.values;
    const s = createHyperLogLog(hll, PRECISION);
    const memory = Buffer.from(this.kernel.memory.buffer);
    const offsets = new Uint32Array(this.kernel.memory.buffer, this.batchOffs, BATCH + 1);
    offsets[0] = 0;
    for (let b = 0; b < strings.length; b += BATCH) {
      const k = Math.min(BATCH, strings.length - b);
      let at = this.batchBase;
      for (let i = 0; i < k; i++) {
        const v = strings[b + i]!;
        const start = at;
        let ascii = true;
        for (let c = 0; c < v.length; c++) {
          const u = v.charCodeAt(c);
          if (u >= 0x80) {
            ascii = false;
            break;
          }
          memory[at++] = u;
        }
        if (!ascii) at = start + memory.write(v, start, 'utf8');
        offsets[i + 1] = at - this.batchBase;
      }
      hash.hash64Many(this.batchBase, this.batchOffs, k, this.hashes);
      hll.hllAddHashes(s, this.hashes, k);
    }
    const estimate = hll.hllEstimate(s);
    hll.hllFree(s);
    return estimate;
  }
}

function referenceCount(values: Values): number {
  const ref = new HyperLogLogReference(PRECISION);
  const { bytes, offsets } = values;
  for (let i = 0; i + 1 < offsets.length; i++) ref.addHash(hash64Reference(bytes.subarray(offsets[i]!, offsets[i + 1]!)));
  return ref.estimate();
}

// bloom-filters is CommonJS whose named exports Node's ESM loader cannot see: loaded with require.
const require = createRequire(import.meta.url);
const { HyperLogLog: BloomFiltersHyperLogLog } = require('bloom-filters') as typeof import('bloom-filters');

function bloomFiltersCount(values: Values): number {
  const sketch = new BloomFiltersHyperLogLog(2 ** PRECISION);
  for (const v of values.strings) sketch.update(v);
  return sketch.count();
}

function hyperLogLogLiteCount(lib: HyperLogLogLiteModule, values: Values): number {
  const sketch = lib(PRECISION);
  for (const v of values.strings) sketch.add(lib.hash(v));
  return sketch.count();
}

/** One contender's figure. */
interface DistinctFigure {
  readonly name: string;
  readonly valuesPerSecond: number;
  readonly medianMs: number;
  readonly rmePercent: number;
  readonly samples: number;
  readonly values: number;
  readonly distinct: number;
  readonly estimate: number;
  /** Register state of one sketch, bytes, and how that figure was obtained. */
  readonly stateBytes: string;
}

function figure(task: Task, on: Values, estimate: number, stateBytes: string): DistinctFigure {
  const valuesPerOp = on.strings.length;
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed') throw new Error(`benchmark ${task.name} did not complete (${r.state})`);
  return {
    name: task.name,
    valuesPerSecond: (valuesPerOp * 1000) / r.latency.p50,
    medianMs: r.latency.p50,
    rmePercent: r.latency.rme,
    samples: r.latency.samplesCount,
    values: valuesPerOp,
    distinct: on.distinct,
    estimate,
    stateBytes,
  };
}

async function main(): Promise<void> {
  const n = Number(process.env['BENCH_HLL_VALUES'] ?? 1_000_000);
  const range = Number(process.env['BENCH_HLL_DISTINCT'] ?? 100_000);
  const slowN = Number(process.env['BENCH_HLL_SLOW_VALUES'] ?? 20_000);
  const timeMs = Number(process.env['BENCH_HLL_TIME_MS'] ?? 2000);
  const values = makeValues(n, range);
  const prefix = valuesOf(values.strings.slice(0, Math.min(slowN, n)));
  console.log(`hyperloglog: ${n.toLocaleString('en-US')} values, ${values.distinct.toLocaleString('en-US')} distinct, p = ${PRECISION} (standard error ${((100 * 1.04) / Math.sqrt(2 ** PRECISION)).toFixed(2)}%)`);

  const lite = require('hyperloglog-lite') as HyperLogLogLiteModule;
  const wasm = new WasmDistinct(values);

  // Same hash, same registers, same f64 steps: the three eddy contenders must agree exactly.
  const [wasmEstimate, wasmBytes] = wasm.countInMemory();
  const fromStrings = wasm.countFromStrings();
  const reference = referenceCount(values);
  if (fromStrings !== wasmEstimate || reference !== wasmEstimate) {
    throw new Error(`eddy contenders disagree: in memory ${wasmEstimate}, from strings ${fromStrings}, reference ${reference}`);
  }
  const bloomEstimate = bloomFiltersCount(prefix);
  const liteEstimate = hyperLogLogLiteCount(lite, values);

  let sink = 0;
  const bench = new Bench({ time: timeMs, iterations: 3, warmupTime: 200, warmupIterations: 1, throws: true });
  bench
    .add('WASM: bytes in memory, hash64Many + hllAddHashes', () => void (sink += wasm.countInMemory()[0]))
    .add('WASM: JS strings encoded into memory first', () => void (sink += wasm.countFromStrings()))
    .add('TypeScript reference (BigInt XXH64)', () => void (sink += referenceCount(values)))
    .add(`bloom-filters HyperLogLog (first ${prefix.strings.length.toLocaleString('en-US')} values)`, () => void (sink += bloomFiltersCount(prefix)))
    .add('hyperloglog-lite', () => void (sink += hyperLogLogLiteCount(lite, values)));
  console.log('hyperloglog: running …');
  await bench.run();
  if (sink === 0) console.log('(sink is zero: nothing was computed?)');

  const m = 2 ** PRECISION;
  const states = [
    `${wasmBytes} (hllBytes: 8 header + ${m} u8)`,
    `${wasmBytes} (same sketch)`,
    `${m} (Uint8Array registers)`,
    `≈ ${m * 8} (JS Array of numbers, 8 B each on 64-bit V8)`,
    `${lite(PRECISION).output().buckets.byteLength} (Buffer registers)`,
  ];
  const estimates = [wasmEstimate, fromStrings, reference, bloomEstimate, liteEstimate];
  const inputs = [values, values, values, prefix, values];
  const figures = bench.tasks.map((t, i) => figure(t, inputs[i]!, estimates[i]!, states[i]!));
  const a = figures[0]!;
  const b = figures[1]!;
  console.log('');
  console.log(`### Distinct count: ${n.toLocaleString('en-US')} values, ${values.distinct.toLocaleString('en-US')} distinct, HyperLogLog p = ${PRECISION}`);
  console.log('');
  console.log('| contender | values/s (median) | median per op | ±rme | samples | (a) ÷ this | (b) ÷ this | estimate / true distinct (error) | state per sketch, bytes |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const f of figures) {
    const err = (100 * (f.estimate - f.distinct)) / f.distinct;
    console.log(
      `| ${f.name} | ${formatRate(f.valuesPerSecond)} | ${f.medianMs.toFixed(1)} ms | ${f.rmePercent.toFixed(1)}% | ${f.samples} | ${(a.valuesPerSecond / f.valuesPerSecond).toFixed(1)}× | ${(b.valuesPerSecond / f.valuesPerSecond).toFixed(1)}× | ${Math.round(f.estimate).toLocaleString('en-US')} / ${f.distinct.toLocaleString('en-US')} (${err >= 0 ? '+' : ''}${err.toFixed(2)}%) | ${f.stateBytes} |`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
