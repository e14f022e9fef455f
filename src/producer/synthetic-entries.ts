// Synthetic input for any job, shaped by its definition: the key field, the event-time field (or
// none: the entry ID carries time), each value field, or one msgpack payload holding them all. The
// load generator of `eddy produce` and the benchmarks; reproducible from a seed.

import { pack } from 'msgpackr';
import type { ResolvedJob } from '../job/resolved-job.js';
import { seededRandom } from '../demo/seeded-random.js';

export interface SyntheticOptions {
  readonly keys: number;
  readonly seed: number;
  /** Event time of the first entry, ms. */
  readonly startMs: number;
  /** Event time between consecutive entries, ms. */
  readonly stepMs: number;
}

/** Entries one after another: [key, fields]. Values are noise around a per-key level, with a rare spike. */
export class SyntheticEntries {
  private i = 0;
  private readonly random: () => number;
  private readonly levels: number[];

  constructor(
    private readonly job: ResolvedJob,
    private readonly o: SyntheticOptions,
  ) {
    this.random = seededRandom(o.seed);
    this.levels = Array.from({ length: o.keys }, () => 10 + this.random() * 90);
  }

  next(): [key: string, fields: (string | Buffer)[]] {
    const k = Math.floor(this.random() * this.o.keys);
    const key = `key-${k}`;
    const time = this.o.startMs + this.i * this.o.stepMs;
    this.i++;
    const values = this.job.valueFields.map(() => {
      const spike = this.random() < 0.001 ? 10 * this.levels[k]! : 0;
      return Math.round((this.levels[k]! + (this.random() - 0.5) * 4 + spike) * 100) / 100;
    });
    const named: Record<string, string | number> = { [this.job.keyField]: key };
    if (this.job.time.kind === 'field') {
      named[this.job.time.field] = this.job.time.format === 'iso-8601' ? new Date(time).toISOString() : time;
    }
    this.job.valueFields.forEach((f, v) => (named[f] = values[v]!));
    for (const item of this.job.itemFields) named[item] = `item-${Math.floor(this.random() * 100)}`;
    if (this.job.format.kind === 'msgpack') return [key, [this.job.format.field, pack(named) as Buffer]];
    return [key, Object.entries(named).flatMap(([f, v]) => [f, String(v)])];
  }
}
