// State limits (DESIGN.md, "State limits are dead letters decided in the kernel"), written plainly:
// the references count, per key, the slots it holds (a tumbling window, a hopping or kept pane, a
// session) and how many keys hold any, exactly where assembly/state-limits.ts does. An event that
// would open a slot beyond a limit is refused: it enters no state and does not move the clock.
//
//   maxKeys 2, size 10:  a@1 b@2 c@3 → c refused (a third key would hold state); a@4 joins [0,10)

import type { ResolvedJob } from '../job/resolved-job.js';

/** Which limit refused an event. */
export type StateLimit = 'maxKeys' | 'maxOpenWindows';

export interface ReferenceRefusal {
  /** Index of the event in the input sequence. */
  readonly index: number;
  readonly limit: StateLimit;
}

/** The limits of a job; absent means unbounded (a reference run without them). */
export type StateLimitConfig = Partial<Pick<ResolvedJob, 'maxKeys' | 'maxOpenWindows'>>;

export class StateLimitCounts {
  /** Open slots per key; a key with none is absent. */
  private readonly open = new Map<string, number>();
  readonly refused: ReferenceRefusal[] = [];
  private readonly maxKeys: number;
  private readonly maxOpenWindows: number;

  constructor(job: StateLimitConfig) {
    this.maxKeys = job.maxKeys ?? Infinity;
    this.maxOpenWindows = job.maxOpenWindows ?? Infinity;
  }

  /**
   * Event `index` of `key` would open one more slot: true (and the refusal recorded) when a limit
   * forbids it — maxKeys for a key holding nothing yet, maxOpenWindows for one holding that many.
   */
  refuses(index: number, key: string): boolean {
    const n = this.open.get(key) ?? 0;
    const limit: StateLimit | undefined = n === 0 ? (this.open.size >= this.maxKeys ? 'maxKeys' : undefined) : n >= this.maxOpenWindows ? 'maxOpenWindows' : undefined;
    if (limit === undefined) return false;
    this.refused.push({ index, limit });
    return true;
  }

  opened(key: string): void {
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
  }

  closed(key: string): void {
    const n = this.open.get(key)! - 1;
    if (n === 0) this.open.delete(key);
    else this.open.set(key, n);
  }
}
