// How many entries the next XREAD asks for. Redis cannot cap a reply by bytes, only by COUNT, and
// one partition's reply sits whole in its WASM memory: 1000 entries of 1 MB each would be a 1 GB
// reply. So the count starts small, doubles while replies stay well under a byte budget, and
// shrinks in proportion when one goes over. Results do not depend on where batches are cut (the
// kernels are property-tested for that), so this changes memory and batch sizes, never output.

/** Bytes a reply should stay under. */
export const REPLY_BUDGET_BYTES = 64 * 2 ** 20;

/** COUNT of a partition's first read (or batchSize, if smaller). */
export const FIRST_READ_COUNT = 64;

export class AdaptiveReadCount {
  private count: number;

  constructor(
    private readonly batchSize: number,
    private readonly budgetBytes = REPLY_BUDGET_BYTES,
  ) {
    this.count = Math.min(batchSize, FIRST_READ_COUNT);
  }

  /** The COUNT for the next read: between 1 and batchSize. */
  get next(): number {
    return this.count;
  }

  /**
   * Learns from a reply's size. With the next read already in flight, the reply may answer an
   * older count; the rule only needs the direction to be right, and it converges either way.
   */
  observe(replyBytes: number): void {
    if (replyBytes > this.budgetBytes) this.count = Math.max(1, Math.floor((this.count * this.budgetBytes) / replyBytes));
    else if (replyBytes * 4 <= this.budgetBytes) this.count = Math.min(this.batchSize, this.count * 2);
  }
}
