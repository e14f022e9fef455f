// The DDSketch semantics of assembly/ddsketch.ts, written to be obviously right rather than fast:
// bins are a Map from index to count, the quantile walk sorts the indices every time. The oracle
// the WASM kernel is tested against, and the "without WASM" side of its benchmark.
//
// Same f64 arithmetic as the kernel, step for step (index = ceil(ln|v| · (1/ln γ)), estimate =
// 2γ^i/(γ+1)), so the bins are identical; only Math.log and Math.pow differ between V8 and
// AssemblyScript's std library (see test/kernel/ddsketch-matches-reference.test.ts).

/** Magnitudes below this count as zero (the smallest normal f64), as in the kernel. */
export const DDS_MIN_INDEXABLE = 2.2250738585072014e-308;

/** @default 0.01 — the relative accuracy α of a sketch when none is given. */
export const DDS_DEFAULT_RELATIVE_ACCURACY = 0.01;

/** @default 2048 — bins per sign before the lowest magnitudes collapse. */
export const DDS_DEFAULT_MAX_BINS = 2048;

/** Bins of one sign, by index of |v|, collapsing its lowest indices beyond maxBins. */
class ReferenceStore {
  readonly bins = new Map<number, number>();
  private minKey = Infinity;
  private maxKey = -Infinity;

  constructor(private readonly maxBins: number) {}

  add(key: number, count: number): void {
    const top = Math.max(this.maxKey, key);
    // Collapsing lowest: no index below top − maxBins + 1 survives.
    const floor = top - this.maxBins + 1;
    const k = Math.max(key, floor);
    this.bins.set(k, (this.bins.get(k) ?? 0) + count);
    if (this.minKey < floor) {
      let folded = 0;
      for (const [i, c] of this.bins) {
        if (i < floor) {
          folded += c;
          this.bins.delete(i);
        }
      }
      this.bins.set(floor, (this.bins.get(floor) ?? 0) + folded);
    }
    this.maxKey = top;
    this.minKey = Math.max(Math.min(this.minKey, k), floor);
  }

  /** (index, count) ascending by index. */
  sorted(): [number, number][] {
    return [...this.bins].sort((a, b) => a[0] - b[0]);
  }
}

/**
 * A DDSketch of relative accuracy α: quantiles within α of the exact order statistic of rank
 * floor(q·(n−1)) (lower quantile), as long as no collapse reached that value's magnitude.
 */
export class DDSketchReference {
  readonly gamma: number;
  readonly multiplier: number;
  private readonly positive: ReferenceStore;
  private readonly negative: ReferenceStore;
  private zeroCount = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  constructor(
    readonly relativeAccuracy: number = DDS_DEFAULT_RELATIVE_ACCURACY,
    readonly maxBins: number = DDS_DEFAULT_MAX_BINS,
  ) {
    if (!(relativeAccuracy >= 1e-6 && relativeAccuracy < 1)) throw new RangeError(`relative accuracy ${relativeAccuracy} is outside [1e-6, 1)`);
    if (!(Number.isInteger(maxBins) && maxBins >= 2)) throw new RangeError(`maxBins ${maxBins} must be an integer ≥ 2`);
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.multiplier = 1 / Math.log(this.gamma);
    this.positive = new ReferenceStore(maxBins);
    this.negative = new ReferenceStore(maxBins);
  }

  /** Bin index of |v|. */
  indexOf(v: number): number {
    return Math.ceil(Math.log(Math.abs(v)) * this.multiplier);
  }

  /** The value a bin stands for: within α of everything in (γ^(i−1), γ^i]. */
  binEstimate(i: number): number {
    return (2 * Math.pow(this.gamma, i)) / (this.gamma + 1);
  }

  /** Adds one value; NaN and ±Infinity are ignored. */
  add(v: number): void {
    if (!Number.isFinite(v)) return;
    if (Math.abs(v) < DDS_MIN_INDEXABLE) this.zeroCount++;
    else if (v > 0) this.positive.add(this.indexOf(v), 1);
    else this.negative.add(this.indexOf(v), 1);
    this.count++;
    this.min = Math.min(this.min, v);
    this.max = Math.max(this.max, v);
  }

  /** This becomes the sketch of the union; `other` is unchanged. */
  merge(other: DDSketchReference): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) throw new RangeError('cannot merge sketches of different relative accuracy');
    for (const [i, c] of other.positive.bins) this.positive.add(i, c);
    for (const [i, c] of other.negative.bins) this.negative.add(i, c);
    this.zeroCount += other.zeroCount;
    this.count += other.count;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The lower q-quantile: exact min / max at the first / last rank, else the bin's estimate clamped to [min, max]; NaN when empty or q ∉ [0, 1]. */
  quantile(q: number): number {
    if (this.count === 0 || !(q >= 0 && q <= 1)) return NaN;
    const rank = Math.floor(q * (this.count - 1));
    // The exact ends are kept, so the first and last ranks are exact.
    if (rank === 0) return this.min;
    if (rank === this.count - 1) return this.max;
    // Every bin in ascending order of the values it holds.
    const ascending: [number, number][] = [
      ...this.negative.sorted().reverse().map(([i, c]): [number, number] => [-this.binEstimate(i), c]),
      [0, this.zeroCount],
      ...this.positive.sorted().map(([i, c]): [number, number] => [this.binEstimate(i), c]),
    ];
    let seen = 0;
    for (const [estimate, c] of ascending) {
      seen += c;
      if (seen > rank) return Math.min(Math.max(estimate, this.min), this.max);
    }
    return this.max;
  }

  /** Every non-empty bin as [sign, index, count], sign −1 / 0 (the zero count) / +1, ascending by value. */
  bins(): [number, number, number][] {
    return [
      ...this.negative.sorted().reverse().map(([i, c]): [number, number, number] => [-1, i, c]),
      ...(this.zeroCount > 0 ? [[0, 0, this.zeroCount] as [number, number, number]] : []),
      ...this.positive.sorted().map(([i, c]): [number, number, number] => [1, i, c]),
    ];
  }
}
