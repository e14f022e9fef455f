// The A/B procedure of the kernel benchmarks: contenders on the same events in one process, their
// order alternating from round to round, a full GC before each timed run. Without that control,
// whichever kernel runs second pays to collect the first one's linear memory, which moved the
// hopping/tumbling ratio anywhere from 2.5× to 8× (DESIGN.md "Hopping windows").

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { median } from './sample-stats.js';

/** What an A/B times: a fresh state, then one run over all the events. */
export interface AbContender {
  readonly name: string;
  readonly windows: { reset(): void; run(): number };
}

/** One contender's timed runs. */
export interface AbFigure {
  readonly name: string;
  /** Wall time per round, ms. */
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  /**
   * Process CPU time (user + system) per round, ms: on a shared machine, what the run cost rather
   * than how long it waited for a core. Includes any GC helper thread that ran meanwhile.
   */
  readonly runsCpuMs: readonly number[];
  readonly medianCpuMs: number;
  readonly eventsPerSecond: number;
  readonly results: number;
}

const SETTLE_MS = 50;
const settle = new Int32Array(new SharedArrayBuffer(4));

/** The engine's full GC: global.gc under --expose-gc, else the flag is set now and gc taken from a fresh context. */
function fullGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Times each contender `runs` times over `eventCount` events, alternating the order (round r
 * starts at contender r mod n) with a full GC and SETTLE_MS of sleep before every timed run; one
 * untimed run first.
 */
export function runAb(contenders: readonly AbContender[], eventCount: number, runs: number): AbFigure[] {
  const gc = fullGc();
  const times = contenders.map(() => [] as number[]);
  const cpu = contenders.map(() => [] as number[]);
  const results = contenders.map((c) => {
    c.windows.reset();
    return c.windows.run(); // warm-up
  });
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < contenders.length; j++) {
      const i = (r + j) % contenders.length;
      const w = contenders[i]!.windows;
      w.reset();
      gc();
      // The GC leaves sweeping to helper threads; let it finish, or the run pays for it (and
      // process CPU time counts it).
      Atomics.wait(settle, 0, 0, SETTLE_MS);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      results[i] = w.run(); // a steady run's count can differ from the warm-up's (wasm-windows.ts)
      times[i]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[i]!.push((c.user + c.system) / 1000);
    }
  }
  return contenders.map((c, i) => {
    const m = median(times[i]!);
    return { name: c.name, runsMs: times[i]!, medianMs: m, runsCpuMs: cpu[i]!, medianCpuMs: median(cpu[i]!), eventsPerSecond: (eventCount * 1000) / m, results: results[i]! };
  });
}

/** Median over rounds of a[r] / b[r]: both ran in the same round, under the same neighbours. */
export function perRoundRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, r) => x / b[r]!));
}
