// What a partition's batch writes to the job's output stream, by kind of job: window results, anomaly
// events of raw events, or window results judged by a detector. The runner asks for one packed
// output per batch and never needs to know which.

import type { ResolvedJob } from '../job/resolved-job.js';
import { RecordPacker } from '../redis/lua-records.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { packEventAnomalies, WindowAnomalies, type PackedOutput } from './anomaly-records.js';
import { KeyNames, resultsEndingAfter, writeResults } from './derived-records.js';

export class BatchOutput {
  private readonly keyNames: KeyNames;
  private readonly windowAnomalies: WindowAnomalies | undefined;

  constructor(
    private readonly job: ResolvedJob,
    private readonly kernel: PartitionKernel,
  ) {
    this.keyNames = new KeyNames(kernel);
    this.windowAnomalies = job.detect?.on === 'windows' ? new WindowAnomalies(job, kernel) : undefined;
  }

  /**
   * Rows [0, n) of the decoded batch through the job's windows or detector; end of input closes every
   * window. Results caused by rows below `replayedRows` (committed before) are not written by a job
   * that revises results (the others cause none there).
   */
  process(n: number, endOfInput: boolean, replayedRows = 0): PackedOutput {
    if (this.job.detect?.on === 'events') return packEventAnomalies(this.job, this.kernel, this.keyNames, n, replayedRows);
    this.kernel.process(n, endOfInput, replayedRows);
    return this.closed();
  }

  /** An idle partition's clock advanced by `elapsedMs`: the windows that closes. */
  idle(elapsedMs: number): PackedOutput {
    if (this.job.window === undefined) return { output: new RecordPacker(0).finish(), outputCount: 0 };
    this.kernel.processIdle(elapsedMs);
    return this.closed();
  }

  /** Detector state bytes (every key), 0 for a job without a detector. */
  detectorStateBytes(): number {
    if (this.job.detect?.on === 'events') return this.kernel.wasm.detectStateBytes();
    return this.windowAnomalies?.stateBytes() ?? 0;
  }

  /**
   * Results of windows ending at or before this were written before a takeover: a successor that
   * rebuilds session windows by replaying with the clock of its replay position closes them again,
   * and drops them here (DESIGN.md, "Recovery by replay").
   */
  suppressEndsUpTo = -Infinity;

  /** Detection on window results: every key's detector state when results were judged since the last call. */
  windowDetectorSnapshot(): Buffer | undefined {
    return this.windowAnomalies?.snapshotIfChanged();
  }

  /** Detection on window results: the states a predecessor committed. */
  restoreWindowDetector(bytes: Uint8Array): void {
    this.windowAnomalies?.restore(bytes);
  }

  private closed(): PackedOutput {
    if (this.windowAnomalies) return this.windowAnomalies.pack(this.keyNames, this.suppressEndsUpTo);
    const results = resultsEndingAfter(this.kernel, this.suppressEndsUpTo);
    const packer = new RecordPacker(results, 64 + results * 160);
    writeResults(this.job, this.kernel, this.keyNames, packer, this.suppressEndsUpTo);
    return { output: packer.finish(), outputCount: results };
  }
}
