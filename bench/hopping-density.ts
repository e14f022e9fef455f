// Hopping(60 s, 1 s) against tumbling(60 s) at several densities (events per key per second) with
// the same events and keys: hopping writes one result per key and slide, so at 1 event per key per
// second about one result per event, at 16 one per 16 events; tumbling(60 s) one per 60 × density.
// The sweep shows how much of hopping's cost is results and how much is events. Each density runs
// both ways of wasm-windows.ts: steady (a running job) and cold (a fresh kernel and a drain).

import type { ResolvedJob } from '../src/job/resolved-job.js';
import { perRoundRatio, runAb, type AbFigure } from './ab-runs.js';
import type { KernelEvents } from './kernel-events.js';
import { WasmWindows, type RunMode } from './wasm-windows.js';
import { formatRate } from './sample-stats.js';

/** hopping(60 s, 1 s) against tumbling(60 s) run one way at one density. */
export interface ModeFigure {
  readonly hoppingResultsPerEvent: number;
  readonly tumblingResultsPerEvent: number;
  /** Events/s at the median wall time of the rounds. */
  readonly hoppingEventsPerSecond: number;
  readonly tumblingEventsPerSecond: number;
  /** Median over rounds of hopping time ÷ tumbling time in the same round. */
  readonly ratio: number;
}

/** hopping(60 s, 1 s) against tumbling(60 s) at one density: a hopping result per key and slide, so results per event fall as density rises. */
export interface DensityFigure {
  /** Events per key per second. */
  readonly density: number;
  readonly steady: ModeFigure;
  readonly cold: ModeFigure;
  readonly rounds: number;
}

const DENSITY_ROUNDS = 9;

function modeFigure(events: KernelEvents, [tumbling, hopping]: readonly AbFigure[]): ModeFigure {
  return {
    hoppingResultsPerEvent: hopping!.results / events.count,
    tumblingResultsPerEvent: tumbling!.results / events.count,
    hoppingEventsPerSecond: hopping!.eventsPerSecond,
    tumblingEventsPerSecond: tumbling!.eventsPerSecond,
    ratio: perRoundRatio(hopping!.runsMs, tumbling!.runsMs),
  };
}

/** hopping(60 s, 1 s) and tumbling(60 s) on `events`, DENSITY_ROUNDS alternating rounds with a GC before each run (ab-runs.ts), steady and cold. */
export function hoppingAtDensity(events: KernelEvents, minute: (window: object) => ResolvedJob): DensityFigure {
  const run = (mode: RunMode): ModeFigure => modeFigure(events, runAb(
    [
      { name: 'tumbling', windows: new WasmWindows(minute({ kind: 'tumbling', size: '60s' }), events, undefined, mode) },
      { name: 'hopping', windows: new WasmWindows(minute({ kind: 'hopping', size: '60s', slide: '1s' }), events, undefined, mode) },
    ],
    events.count,
    DENSITY_ROUNDS,
  ));
  return { density: events.density, steady: run('steady'), cold: run('cold'), rounds: DENSITY_ROUNDS };
}

/** The sweep as markdown lines. */
export function formatHoppingDensity(figures: readonly DensityFigure[], events: number, keys: number): string[] {
  const row = (d: DensityFigure, mode: 'steady' | 'cold'): string => {
    const f = d[mode];
    return `| ${d.density} | ${mode} | ${f.hoppingResultsPerEvent.toFixed(3)} | ${f.tumblingResultsPerEvent.toFixed(4)} | ${formatRate(f.hoppingEventsPerSecond)} | ${formatRate(f.tumblingEventsPerSecond)} | ${f.ratio.toFixed(2)}× |`;
  };
  return [
    `### Hopping(60 s, 1 s) vs tumbling(60 s) by events per key per second (same ${events.toLocaleString('en-US')} events and ${keys} keys; ${figures[0]?.rounds ?? 0} alternating rounds, GC before each run)`,
    '',
    'steady: one kernel across rounds, each round the next span of event time, no end of input (a running job); cold: a fresh kernel and a drain every round (first touch of state memory, and every open window emitted at the end).',
    '',
    '| events/key/s | runs | hopping results/event | tumbling results/event | hopping events/s | tumbling events/s | hopping ÷ tumbling (per-round median) |',
    '|---|---|---|---|---|---|---|',
    ...figures.flatMap((d) => [row(d, 'steady'), row(d, 'cold')]),
    '',
  ];
}
