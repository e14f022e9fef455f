// The benchmark knobs: one interface, documented defaults, validation, read from the environment
// so that a quick run (`BENCH_ENTRIES=200000 BENCH_RUNS=1 npm run bench`) needs no code change.

/** What the benchmark suite runs; every field can be overridden by the environment variable named in its doc. */
export interface BenchOptions {
  /** Entries loaded for the end-to-end benchmark (BENCH_ENTRIES). @default 1_000_000 */
  readonly entries: number;
  /** Distinct keys (sensors) in every generated load (BENCH_KEYS). @default 1000 */
  readonly keys: number;
  /** Runs of each end-to-end contender; medians are reported (BENCH_RUNS). @default 3 */
  readonly runs: number;
  /** Events per kernel-benchmark iteration (BENCH_KERNEL_EVENTS). @default 1_000_000 */
  readonly kernelEvents: number;
  /** tinybench time budget per kernel task, ms (BENCH_KERNEL_TIME_MS). @default 1500 */
  readonly kernelTimeMs: number;
  /**
   * Steady production rate of the latency benchmark, entries/s (BENCH_RATE). When unset, run-all
   * passes half of the eddy throughput it measured, and latency.ts alone uses 100000.
   * @default undefined
   */
  readonly rate: number | undefined;
  /**
   * Minimum seconds of steady production in the latency benchmark (BENCH_LATENCY_SECONDS); it goes
   * on until just after the next window can close, so that at least one whole window is measured.
   * @default 20
   */
  readonly latencySeconds: number;
}

/** The defaults of {@link BenchOptions}: what `npm run bench` runs on a clean environment. */
export const benchDefaults: BenchOptions = {
  entries: 1_000_000,
  keys: 1000,
  runs: 3,
  kernelEvents: 1_000_000,
  kernelTimeMs: 1500,
  rate: undefined,
  latencySeconds: 20,
};

/** A benchmark environment variable holds something unusable; the message names it and the fix. */
export class BenchOptionError extends Error {
  override readonly name = 'BenchOptionError';
}

const ENV_NAMES: Record<keyof BenchOptions, string> = {
  entries: 'BENCH_ENTRIES',
  keys: 'BENCH_KEYS',
  runs: 'BENCH_RUNS',
  kernelEvents: 'BENCH_KERNEL_EVENTS',
  kernelTimeMs: 'BENCH_KERNEL_TIME_MS',
  rate: 'BENCH_RATE',
  latencySeconds: 'BENCH_LATENCY_SECONDS',
};

/** {@link benchDefaults} overridden by the BENCH_* variables that are set; throws {@link BenchOptionError} on a bad value. */
export function benchOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const read = (field: keyof BenchOptions): number | undefined => {
    const name = ENV_NAMES[field];
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    // Underscores allowed so that BENCH_ENTRIES=1_000_000 reads as it is written.
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < 1) throw new BenchOptionError(`${name}=${raw} is not a positive integer: unset it or give e.g. ${name}=${String(benchDefaults[field] ?? 100000)}`);
    return n;
  };
  const options: BenchOptions = {
    entries: read('entries') ?? benchDefaults.entries,
    keys: read('keys') ?? benchDefaults.keys,
    runs: read('runs') ?? benchDefaults.runs,
    kernelEvents: read('kernelEvents') ?? benchDefaults.kernelEvents,
    kernelTimeMs: read('kernelTimeMs') ?? benchDefaults.kernelTimeMs,
    rate: read('rate') ?? benchDefaults.rate,
    latencySeconds: read('latencySeconds') ?? benchDefaults.latencySeconds,
  };
  // Fewer entries than keys would leave keys without events and windows without a full population.
  if (options.entries < options.keys) throw new BenchOptionError(`BENCH_ENTRIES (${options.entries}) must be at least BENCH_KEYS (${options.keys})`);
  if (options.kernelEvents < 1000) throw new BenchOptionError(`BENCH_KERNEL_EVENTS (${options.kernelEvents}) must be at least 1000, one batch`);
  return options;
}
