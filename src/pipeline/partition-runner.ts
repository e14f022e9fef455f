import type { ResolvedJob } from '../job/resolved-job.js';
import { decodeEntry } from '../reference/entry-decoder.js';
import { partitionConsumer } from '../redis/keys.js';
import type { RedisEndpoint } from '../redis/redis-url.js';
import { ReaderReconnected, StreamReader } from '../redis/stream-reader.js';
import { Counter } from '../pool/worker-protocol.js';
import { PartitionKernel } from '../wasm/partition-kernel.js';
import { STATUS_DELETED, STATUS_OK } from '../wasm/layout.js';
import { commitBatch, type BatchCommit, type Committer } from './batch-commit.js';
import { deadLetterRecord, KeyNames, lateRecord, resultRecords, type Fields } from './derived-records.js';

/** Commits allowed in flight while the next batch is processed (they run in order on one connection). */
const MAX_COMMITS_IN_FLIGHT = 2;

export interface PartitionRunnerOptions {
  readonly job: ResolvedJob;
  readonly partition: number;
  readonly endpoint: RedisEndpoint;
  readonly committer: Committer;
  readonly counters: Float64Array;
  /** Process what the stream holds, close every window at its end, commit, return. */
  readonly drain: boolean;
}

/**
 * Reads, processes and commits one partition. Its own pending entries come first (whatever a
 * previous owner read but never committed), then new ones. The next read is sent before the current
 * batch is processed, so Redis serves it while the kernel works.
 */
export class PartitionRunner {
  private readonly kernel: PartitionKernel;
  private readonly keyNames: KeyNames;
  private readonly reader: StreamReader;
  private readonly stream: string;
  private readonly consumer: string;
  private stopping = false;
  private readonly commits: Promise<void>[] = [];

  constructor(private readonly o: PartitionRunnerOptions) {
    this.kernel = new PartitionKernel(o.job);
    this.keyNames = new KeyNames(this.kernel);
    this.stream = o.job.partitions[o.partition]!;
    this.consumer = partitionConsumer(o.partition);
    this.reader = new StreamReader(o.endpoint, this.kernel, `eddy:${o.job.name}:${this.consumer}`);
  }

  /** Stops reading; what was read but not committed stays pending for the next owner. */
  stop(): void {
    this.stopping = true;
    this.reader.close();
  }

  async run(): Promise<void> {
    const { drain, counters } = this.o;
    counters[Counter.running] = 1;
    try {
      await this.reader.connect();
      let pending = true; // reading our own pending entries (after a start or a reconnect)
      let cursor = '0';
      this.sendRead(pending ? cursor : '>');
      for (;;) {
        let frame: number;
        try {
          frame = await this.reader.nextFrame();
        } catch (e) {
          if (this.stopping) break;
          if (!(e instanceof ReaderReconnected)) throw e;
          await this.reader.ready();
          pending = true;
          cursor = '0';
          this.sendRead(cursor);
          continue;
        }
        if (this.stopping) break;
        const received = performance.now();
        const n = this.kernel.decode(frame);
        let endOfInput = false;
        if (pending) {
          if (n === 0) pending = false;
          else cursor = lastId(this.kernel.ackIds());
          this.sendRead(pending ? cursor : '>');
        } else if (n === 0 && drain) {
          endOfInput = true;
        } else {
          this.sendRead('>');
        }
        const batch = this.buildBatch(n, endOfInput);
        this.kernel.consumeFrame(frame);
        this.updateCounters(n, batch);
        if (batch.ackIds.length > 0 || batch.output.length + batch.late.length + batch.deadLetter.length > 0) {
          await this.enqueueCommit(batch, received);
        }
        if (endOfInput) break;
      }
      await Promise.all(this.commits);
    } finally {
      counters[Counter.running] = 0;
      this.reader.close();
    }
  }

  private sendRead(id: string): void {
    const { job, drain } = this.o;
    const block = id === '>' && !drain ? ['BLOCK', String(job.blockMs)] : [];
    this.reader.send(
      ['XREADGROUP', 'GROUP', job.group, this.consumer, 'COUNT', String(job.batchSize), ...block, 'STREAMS', this.stream, id],
      id === '>' && !drain ? job.blockMs : 0,
    );
  }

  /** Everything a batch produces, extracted synchronously while the reply bytes are still in place. */
  private buildBatch(n: number, endOfInput: boolean): BatchCommit {
    const deadLetter: Fields[] = [];
    let deleted = 0;
    for (let i = 0; i < n; i++) {
      const s = this.kernel.status(i);
      if (s === STATUS_OK) continue;
      if (s === STATUS_DELETED) {
        deleted++;
        continue;
      }
      const entry = this.kernel.entry(i);
      const d = decodeEntry(entry, this.o.job);
      if (d.kind !== 'bad') throw new Error(`kernel and reference decoder disagree on entry ${entry.id} (status ${s}); this is a bug in eddy`);
      deadLetter.push(deadLetterRecord(entry, d.reason, d.detail));
    }
    this.kernel.process(n, endOfInput);
    const output = resultRecords(this.o.job, this.kernel, this.keyNames);
    const late: Fields[] = [];
    for (const l of this.kernel.lateEvents()) late.push(lateRecord(this.kernel.entry(l.index), l.start, l.end, l.watermark));
    return { ackIds: n > 0 ? this.kernel.ackIds() : Buffer.alloc(0), output, late, deadLetter, deleted };
  }

  private async enqueueCommit(batch: BatchCommit, received: number): Promise<void> {
    while (this.commits.length >= MAX_COMMITS_IN_FLIGHT) await this.commits.shift();
    const { counters, job, partition, committer } = this.o;
    const started = performance.now();
    this.commits.push(
      commitBatch(committer, job, partition, batch).then(() => {
        const now = performance.now();
        counters[Counter.commitMsTotal]! += now - started;
        const latency = now - received;
        counters[Counter.lastBatchLatencyMs] = latency;
        if (latency > counters[Counter.maxBatchLatencyMs]!) counters[Counter.maxBatchLatencyMs] = latency;
      }),
    );
  }

  private updateCounters(n: number, batch: BatchCommit): void {
    const c = this.o.counters;
    const w = this.kernel.wasm;
    c[Counter.entries]! += n;
    c[Counter.results]! += batch.output.length;
    c[Counter.late]! += batch.late.length;
    c[Counter.deadLetters]! += batch.deadLetter.length;
    c[Counter.deleted]! += batch.deleted;
    c[Counter.batches]! += 1;
    c[Counter.watermark] = w.currentWatermark();
    c[Counter.openWindows] = w.openWindowSlots();
    c[Counter.keys] = w.keyTableSize();
  }
}

/** The last ID of a space-separated ID list. */
function lastId(ids: Buffer): string {
  const end = ids.length - 1; // trailing space
  const start = ids.lastIndexOf(32, end - 1) + 1;
  return ids.toString('latin1', start, end);
}
