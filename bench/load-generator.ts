// Bulk load for the throughput benchmarks: N single-event entries in the stream examples/sensor-stats.ts
// reads, written as fast as pipelined XADD allows, before any consumer starts. The load is a pure
// function of its options (seeded), so every run and every contender sees the same entries.

import type { Redis } from 'ioredis';
import { seededRandom } from '../src/demo/seeded-random.js';

/** The input stream of examples/sensor-stats.ts. */
export const SENSOR_STREAM = 'sensors';

/** A window-aligned epoch (2023-11-14T22:13:20Z) so the first window is whole and results are reproducible. */
export const LOAD_START_MS = 1_700_000_000_000;

/** What to load; only `entries` and `keys` have no default. */
export interface LoadOptions {
  /** Entries to write. */
  readonly entries: number;
  /** Distinct keys, `sensor-0` … `sensor-<keys-1>`. */
  readonly keys: number;
  /** Stream to write. @default 'sensors' */
  readonly stream?: string;
  /** `round-robin` keys (every key once per round) or `random` (seeded, uniform). @default 'round-robin' */
  readonly keyOrder?: 'round-robin' | 'random';
  /** Event time of the first entry, ms. @default LOAD_START_MS */
  readonly startMs?: number;
  /**
   * Event time covered by the whole load, ms. The default gives each key one event per second of
   * event time (1M entries × 1000 keys → 1000 s, 100 windows of 10 s), whatever N is.
   * @default entries / keys × 1000
   */
  readonly spanMs?: number;
  /**
   * Each entry's time is its position's time minus up to this much, so entries are slightly out
   * of order. Keep it under the job's 2 s out-of-orderness: the throughput bench must have no late events.
   * @default 500
   */
  readonly jitterMs?: number;
  /** XADDs per pipeline. @default 5000 */
  readonly chunk?: number;
  /** @default 1 */
  readonly seed?: number;
}

/** What was loaded, and how long it took. */
export interface LoadReport {
  readonly entries: number;
  readonly firstMs: number;
  readonly lastMs: number;
  /** Wall time of the whole load, ms. */
  readonly elapsedMs: number;
}

/** The key name of sensor k, as the load and the steady producer write it. */
export function sensorName(k: number): string {
  return `sensor-${k}`;
}

/** Per-key reading generator: a baseline per key plus noise, two decimals, like a thermometer. */
export function sensorValues(keys: number, seed: number): (k: number) => string {
  const random = seededRandom(seed);
  const baseline = Array.from({ length: keys }, () => 15 + random() * 15);
  return (k) => (baseline[k]! + (random() - 0.5) * 2).toFixed(2);
}

/**
 * Writes the load with pipelined XADD. Two pipelines are kept in flight so that Redis executes one
 * while Node builds the next; more would only grow the producer's memory.
 */
export async function generateLoad(redis: Redis, o: LoadOptions): Promise<LoadReport> {
  const stream = o.stream ?? SENSOR_STREAM;
  const startMs = o.startMs ?? LOAD_START_MS;
  const spanMs = o.spanMs ?? (o.entries / o.keys) * 1000;
  const jitterMs = o.jitterMs ?? 500;
  const chunk = o.chunk ?? 5000;
  const random = seededRandom(o.seed ?? 1);
  const value = sensorValues(o.keys, (o.seed ?? 1) + 1);
  const names = Array.from({ length: o.keys }, (_, k) => sensorName(k));
  const msPerEntry = spanMs / o.entries;

  const started = performance.now();
  const inFlight: Promise<unknown>[] = [];
  let lastMs = startMs;
  for (let i = 0; i < o.entries; i += chunk) {
    const pipe = redis.pipeline();
    const n = Math.min(chunk, o.entries - i);
    for (let j = 0; j < n; j++) {
      const at = i + j;
      const k = o.keyOrder === 'random' ? Math.floor(random() * o.keys) : at % o.keys;
      // Never before startMs, so the first window stays whole.
      const ts = Math.max(startMs, startMs + Math.floor(at * msPerEntry) - Math.floor(random() * jitterMs));
      if (ts > lastMs) lastMs = ts;
      pipe.xadd(stream, '*', 'sensor', names[k]!, 'value', value(k), 'ts', String(ts));
    }
    inFlight.push(pipe.exec().then(failOnCommandError));
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return { entries: o.entries, firstMs: startMs, lastMs, elapsedMs: performance.now() - started };
}

/** A pipeline resolves even when commands in it failed; a benchmark on a partial load would lie. */
function failOnCommandError(results: [Error | null, unknown][] | null): void {
  const failed = results?.find(([e]) => e !== null);
  if (failed) throw new Error(`XADD failed while loading the benchmark stream: ${failed[0]!.message}`);
}
