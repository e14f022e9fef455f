// Hopping(60 s, 1 s) against tumbling(60 s) at several densities (events per key per second) with
// the same events and keys: hopping writes one result per key and slide, so at 1 event per key per
// second about one result per event, at 16 one per 16 events; tumbling(60 s) one per 60 × density.
// The sweep shows how much of hopping's cost is results and how much is events.

import type { ResolvedJob } from '../src/job/resolved-job.js';
import { perRoundRatio, runAb } from './ab-runs.js';
import type { KernelEvents } from './kernel-events.js';
import { WasmWindows } from './wasm-windows.js';
import { formatRate } from './sample-stats.js';

/** hopping(60 s, 1 s) against tumbling(60 s) at one density: a hopping result per key and slide, so results per event fall as density rises. */
export interface DensityFigure {
  /** Events per key per second. */
  readonly density: number;
  readonly hoppingResultsPerEvent: number;
  readonly tumblingResultsPerEvent: number;
  /** Events/s at the median wall time of the rounds. */
  readonly hoppingEventsPerSecond: number;
  readonly tumblingEventsPerSecond: number;
  /** Median over rounds of hopping time ÷ tumbling time in the same round. */
  readonly ratio: number;
  readonly rounds: number;
}

const DENSITY_ROUNDS = 9;

/** hopping(60 s, 1 s) and tumbling(60 s) on `events`, DENSITY_ROUNDS alternating rounds with a GC before each run (ab-runs.ts). */
export function hoppingAtDensity(events: KernelEvents, minute: (window: object) => ResolvedJob): DensityFigure {
  const [tumbling, hopping] = runAb(
    [
      { name: 'tumbling', windows: new WasmWindows(minute({ kind: 'tumbling', size: '60s' }), events) },
      { name: 'hopping', windows: new WasmWindows(minute({ kind: 'hopping', size: '60s', slide: '1s' }), events) },
    ],
    events.count,
    DENSITY_ROUNDS,
  );
  return {
    density: events.density,
    hoppingResultsPerEvent: hopping!.results / events.count,
    tumblingResultsPerEvent: tumbling!.results / events.count,
    hoppingEventsPerSecond: hopping!.eventsPerSecond,
    tumblingEventsPerSecond: tumbling!.eventsPerSecond,
    ratio: perRoundRatio(hopping!.runsMs, tumbling!.runsMs),
    rounds: DENSITY_ROUNDS,
  };
}

/** The sweep as markdown lines. */
export function formatHoppingDensity(figures: readonly DensityFigure[], events: number, keys: number): string[] {
  return [
    `### Hopping(60 s, 1 s) vs tumbling(60 s) by events per key per second (same ${events.toLocaleString('en-US')} events and ${keys} keys; ${figures[0]?.rounds ?? 0} alternating rounds, GC before each run)`,
    '',
    '| events/key/s | hopping results/event | tumbling results/event | hopping events/s | tumbling events/s | hopping ÷ tumbling (per-round median) |',
    '|---|---|---|---|---|---|',
    ...figures.map((d) => `| ${d.density} | ${d.hoppingResultsPerEvent.toFixed(3)} | ${d.tumblingResultsPerEvent.toFixed(4)} | ${formatRate(d.hoppingEventsPerSecond)} | ${formatRate(d.tumblingEventsPerSecond)} | ${d.ratio.toFixed(2)}× |`),
    '',
  ];
}
