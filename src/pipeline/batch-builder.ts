// What one read turns into: the BatchCommit the commit pipeline writes (window results or anomaly
// events, late events, dead letters, the clock and detector snapshot), built from the kernel while
// the reply bytes are still in place, and the worker's counters moved by it. Apart from the runner
// because the runner's concern is the read loop — when to read, what to retry, when to restart —
// and this is the same whichever way the loop got there. Made afresh with the kernel (fresh()).

import type { ResolvedJob } from '../job/resolved-job.js';
import { Counter } from '../pool/worker-protocol.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { batchDeadLetters } from './batch-dead-letters.js';
import type { BatchCommit } from './batch-commit.js';
import type { BatchOutput } from './batch-output.js';
import { lateRecord, type Fields } from './derived-records.js';
import { injectedFault } from './fault-injection.js';
import type { PartitionRecovery } from './partition-recovery.js';

export interface BatchBuilderParts {
  readonly job: ResolvedJob;
  readonly stream: string;
  readonly kernel: PartitionKernel;
  readonly output: BatchOutput;
  readonly recovery: PartitionRecovery;
  readonly counters: Float64Array;
  /** The last entry committed so far: what a snapshot taken without new entries is keyed by. */
  readonly committedId: () => string;
}

/** Turns what the kernel holds after a read into a BatchCommit, for one kernel's lifetime. */
export class BatchBuilder {
  constructor(private readonly p: BatchBuilderParts) {}

  /** The results an idle partition's advancing clock closes: a commit that reads no entries. */
  idle(elapsedMs: number): BatchCommit {
    const { job, kernel, recovery } = this.p;
    const { output, outputCount } = this.p.output.idle(Math.floor(elapsedMs));
    this.p.counters[Counter.results]! += outputCount;
    const watermark = kernel.wasm.currentWatermark();
    const detectorSnapshot = job.detect?.on === 'windows' ? recovery.detectorSnapshot(this.p.committedId(), watermark) : undefined;
    return { lastId: '', entriesRead: undefined, output, outputCount, late: [], deadLetter: [], clock: recovery.clock(watermark), ...(detectorSnapshot ? { detectorSnapshot } : {}) };
  }

  /** Everything a batch produces, extracted synchronously while the reply bytes are still in place. */
  build(n: number, endOfInput: boolean, lastId: string, entriesRead: number | undefined, replayed: number): BatchCommit {
    const { job, kernel, recovery } = this.p;
    if (injectedFault !== undefined) injectedFault(job, kernel, n);
    const dataWatermark = kernel.wasm.currentWatermark();
    const { output, outputCount } = this.p.output.process(n, endOfInput, replayed);
    // After processing: state-limit verdicts are set by the kernel while it processes (state-limits.ts).
    const { deadLetter, refused } = batchDeadLetters(job, kernel, replayed, n);
    if (n > 0 && replayed === n && outputCount > 0) {
      throw new Error(`partition ${this.p.stream}: replaying committed entries closed ${outputCount} windows not written before; this is a bug in eddy (nothing open at the commit can close before the committed position)`);
    }
    const late: Fields[] = [];
    for (const l of kernel.lateEvents()) {
      if (l.index >= replayed) late.push(lateRecord(kernel.entry(l.index), l.start, l.end, l.watermark, job.emission !== undefined));
    }
    recovery.endReplayedClock();
    const watermark = endOfInput ? dataWatermark : kernel.wasm.currentWatermark();
    if (lastId !== '') recovery.recordBatch(lastId, watermark, n);
    // (Detection on window results snapshots whenever results were judged, end of input included.)
    const detectorSnapshot = (lastId !== '' && replayed < n) || job.detect?.on === 'windows' ? recovery.detectorSnapshot(lastId || this.p.committedId(), watermark) : undefined;
    return { lastId, entriesRead, output, outputCount, late, deadLetter, refused, clock: recovery.clock(watermark), ...(detectorSnapshot ? { detectorSnapshot } : {}) };
  }

  /** Moves the worker's counters by a batch of `n` new entries. */
  count(n: number, batch: BatchCommit): void {
    const c = this.p.counters;
    const w = this.p.kernel.wasm;
    c[Counter.entries]! += n;
    c[Counter.results]! += batch.outputCount;
    c[Counter.late]! += batch.late.length;
    c[Counter.deadLetters]! += batch.deadLetter.length;
    c[Counter.batches]! += 1;
    c[Counter.watermark] = w.currentWatermark();
    c[Counter.openWindows] = w.openWindowSlots();
    c[Counter.keys] = w.keyTableSize();
    c[Counter.stateLimitDeadLetters]! += batch.refused?.length ?? 0;
    c[Counter.stateKeys] = w.stateKeyCount();
    c[Counter.stateBytes] = w.windowStateBytes() + this.p.output.detectorStateBytes();
  }
}
