// Where a successor must start reading to rebuild a partition's open windows, kept as batches go
// by (DESIGN.md, "Recovery by replay"). Every event of an open window (or pane) has an event time at
// or after the earliest open start, so the entries read while the largest event time seen was still
// below that start belong to no open window: replay may begin after the last of them.

/** A batch boundary to replay after, with the partition's clock there. */
export interface ReplayPoint {
  readonly id: string;
  readonly watermark: number;
  readonly maxEventTime: number;
  /** Session jobs: the sessions open there (session-anchors.ts, raw), which a successor opens again before replaying. */
  readonly anchors?: Float64Array;
}

export class ReplayPosition {
  /** Per batch since `base`: its boundary and the largest event time seen up to its end. */
  private readonly batches: { readonly point: ReplayPoint; readonly maxTime: number }[] = [];
  private largest = -Infinity;

  /**
   * `base`: a position from which replay is known to be complete (the one this run replayed from).
   * `anchored`: only boundaries that carry anchors may become the replay position (session jobs).
   */
  constructor(
    private base: ReplayPoint,
    private readonly anchored = false,
  ) {}

  /** A batch was processed: its boundary (last entry ID, clock after it) and the largest event time among its decoded entries. */
  record(point: ReplayPoint, batchMaxTime: number): void {
    if (batchMaxTime > this.largest) this.largest = batchMaxTime;
    this.batches.push({ point, maxTime: this.largest });
  }

  /**
   * The entry ID to replay after, given the earliest start of anything open now (+∞: nothing is
   * open, so replay starts at the last batch). Batches wholly before it are forgotten: the answer
   * never moves back, which stays correct because a window that opens later, earlier in event time,
   * had no events before the commit that preceded its opening.
   */
  replayAfter(earliestOpenStart: number): ReplayPoint {
    let k = -1;
    for (let j = 0; j < this.batches.length && this.batches[j]!.maxTime < earliestOpenStart; j++) {
      if (!this.anchored || this.batches[j]!.point.anchors !== undefined) k = j;
    }
    if (k >= 0) {
      this.base = this.batches[k]!.point;
      this.batches.splice(0, k + 1);
    }
    // Nothing open now (a drain's end closed everything, or the last session closed): the last
    // boundary needs no anchors taken there — the sessions open at it are none. Without this a
    // session job kept replaying from its last anchored boundary, and a second --drain after a
    // complete one rebuilt and closed those sessions again, writing them twice.
    const last = this.batches.at(-1);
    if (this.anchored && earliestOpenStart === Infinity && last !== undefined) {
      this.base = last.point.anchors !== undefined ? last.point : { ...last.point, anchors: new Float64Array(0) };
      this.batches.length = 0;
    }
    return this.base;
  }
}
