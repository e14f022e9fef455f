// A reproducible sensor workload for the demo: each sensor reads around its own baseline with
// noise; a few sensors spike now and then (single readings, and one window a minute); a small share of entries is late or unusable, so the
// late and dead-letter streams have something to show.

import { seededRandom } from './seeded-random.js';

export interface SyntheticSensorsOptions {
  readonly sensors: number;
  /** Event time of the first tick, ms. */
  readonly startMs: number;
  /** Event time between two readings of one sensor, ms. @default 100 */
  readonly tickMs?: number;
  /** Sensors whose readings spike. @default 3 */
  readonly spikingSensors?: number;
  /** Share of entries sent 15 s in the past (late). @default 0.0005 */
  readonly lateShare?: number;
  /** Share of entries with an unusable value. @default 0.0005 */
  readonly badShare?: number;
  readonly seed?: number;
}

/** Field/value lists, one sensor reading each, tick after tick. */
export class SyntheticSensors {
  private tick = 0;
  private readonly random: () => number;
  private readonly baseline: number[];
  readonly spiking: readonly string[];

  constructor(private readonly o: SyntheticSensorsOptions) {
    this.random = seededRandom(o.seed ?? 42);
    this.baseline = Array.from({ length: o.sensors }, () => 15 + this.random() * 15);
    this.spiking = Array.from({ length: Math.min(o.spikingSensors ?? 3, o.sensors) }, (_, i) => sensorName(i * 7 % o.sensors));
  }

  /** Event time of the current tick. */
  get eventTimeMs(): number {
    return this.o.startMs + this.tick * (this.o.tickMs ?? 100);
  }

  /** One tick: a reading from every sensor, then event time moves on by one tick. */
  next(): string[][] {
    const out: string[][] = [];
    for (let s = 0; s < this.o.sensors; s++) {
      const name = sensorName(s);
      let ts = this.eventTimeMs + Math.floor((this.random() - 0.5) * 1000);
      let value = this.baseline[s]! + (this.random() - 0.5) * 2;
      if (this.spiking.includes(name)) {
        // A spiking sensor reads 40-60 higher for one window in every six (10 s of each minute),
        // and now and then (one reading in 40) jumps by 15-25 for that one reading alone.
        if (Math.floor(ts / 10_000) % 6 === 3) value += 40 + this.random() * 20;
        else if (this.random() < 1 / 40) value += (this.random() < 0.5 ? -1 : 1) * (15 + this.random() * 10);
      }
      const r = this.random();
      if (r < (this.o.lateShare ?? 0.0005)) ts -= 15_000;
      const text = r > 1 - (this.o.badShare ?? 0.0005) ? 'n/a' : value.toFixed(2);
      out.push(['sensor', name, 'value', text, 'ts', String(ts)]);
    }
    this.tick++;
    return out;
  }
}

export function sensorName(i: number): string {
  return `sensor-${String(i).padStart(3, '0')}`;
}
