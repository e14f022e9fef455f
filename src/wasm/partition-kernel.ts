import type { ResolvedJob } from '../job/resolved-job.js';
import { decodeEntry, type DecodeConfig } from '../reference/entry-decoder.js';
import { parseEntry, parseResp, RespError } from '../reference/resp-value.js';
import { instantiateKernel, type KernelBuild, type KernelExports } from './kernel-module.js';
import {
  ACC_DISTINCT, ACC_FIRST, ACC_LAST, ACC_MAX, ACC_MIN, ACC_MOMENTS, ACC_QUANTILES, ACC_SUM, ACC_TOPK, DECODE_ERROR_REPLY, DECODE_OVER_CAPACITY, DECODE_PROTOCOL_ERROR,
  FORMAT_FIELDS, FORMAT_MSGPACK, FRAME_PROTOCOL_ERROR, LATE_RECORD_F64, STATUS_OF_REASON, STATUS_DELETED,
  MAX_VALUES, STATUS_NEEDS_HOST, STATUS_OK, TIME_FROM_FIELD, TIME_FROM_FIELD_TEXT, TIME_FROM_ID,
} from './layout.js';

const ACC_CODE = {
  sum: ACC_SUM, min: ACC_MIN, max: ACC_MAX, first: ACC_FIRST, last: ACC_LAST, moments: ACC_MOMENTS,
  quantiles: ACC_QUANTILES, distinct: ACC_DISTINCT, topK: ACC_TOPK,
} as const;

/**
 * Most bytes of replies buffered at once. Positions in linear memory are i32; the reader keeps
 * replies far below this by reading fewer entries when they are large (AdaptiveReadCount).
 */
export const MAX_INPUT_BYTES = 1 << 30;

/** assembly/window-revisions.ts MODE_*. */
const EMIT_MODE_CODE = { final: 0, early: 1, update: 2 } as const;

/** DDSketch bins per sketch: bounds memory (≈ 16 KiB a sketch at worst) while covering 1e-9…1e12 at 1%. */
export const QUANTILE_MAX_BINS = 2048;

/** A Redis error reply in place of entries (NOGROUP, WRONGTYPE, …). */
export class ReadErrorReply extends Error {
  override readonly name = 'ReadErrorReply';
}

/**
 * One partition's kernel instance and the host side of its batch protocol: reply bytes go in,
 * columns come out, and the few entries the WASM fast path cannot decide are decoded here with the
 * reference decoder. Views over linear memory are rebuilt whenever the memory has grown.
 */
export class PartitionKernel {
  readonly wasm: KernelExports;
  private readonly decodeConfig: DecodeConfig;
  private readonly valueCount: number;
  private buffer: ArrayBuffer;
  private u8: Uint8Array;
  private f64: Float64Array;
  private i32: Int32Array;
  private inputLen = 0;
  private itemCount = 0;

  /** Item fields per entry (distinct counts, top-k). */
  get itemFieldCount(): number {
    return this.itemCount;
  }

  constructor(job: ResolvedJob, build?: KernelBuild | WebAssembly.Module) {
    this.wasm = instantiateKernel(build);
    this.decodeConfig = job;
    this.valueCount = job.valueFields.length;
    const w = this.wasm;
    w.setItemCount(job.itemFields.length);
    w.setBatchCapacity(job.batchSize, this.valueCount);
    w.configureDecode(
      job.format.kind === 'msgpack' ? FORMAT_MSGPACK : FORMAT_FIELDS,
      job.time.kind === 'entry-id' ? TIME_FROM_ID : job.time.format === 'iso-8601' ? TIME_FROM_FIELD_TEXT : TIME_FROM_FIELD,
    );
    w.configureTimeBounds(job.timeBounds.maxAheadMs, job.timeBounds.maxBehindMs);
    this.writeName(0, job.keyField);
    if (job.time.kind === 'field') this.writeName(1, job.time.field);
    if (job.format.kind === 'msgpack') this.writeName(2, job.format.field);
    job.valueFields.forEach((f, v) => this.writeName(3 + v, f));
    job.itemFields.forEach((f, j) => this.writeName(3 + MAX_VALUES + j, f));
    this.itemCount = job.itemFields.length;
    w.configureAccs(job.accumulators.length);
    job.accumulators.forEach((a, k) => {
      w.setAcc(k, ACC_CODE[a.kind], a.value);
      if (a.param !== undefined) w.setAccParams(k, a.param, QUANTILE_MAX_BINS);
    });
    w.configureWatermark(job.outOfOrdernessMs);
    w.configureStateLimits(job.maxKeys, job.maxOpenWindows);
    const win = job.window;
    if (win?.kind === 'session') w.configureSessionWindows(win.gapMs, win.maxDurationMs ?? Infinity);
    else if (win?.kind === 'rolling') w.configureRollingWindows(win.spanMs, win.maxRows ?? 0x7fffffff);
    else if (win) w.configureWindows(win.kind === 'hopping' ? 1 : 0, win.sizeMs, win.kind === 'hopping' ? win.slideMs : win.sizeMs, win.offsetMs);
    const em = job.emission;
    if (em && win?.kind === 'session') w.configureSessionRevisions(em.allowedLatenessMs, em.mode === 'update' ? 1 : 0, em.earlyMs);
    else if (em) w.configureRevisions(em.allowedLatenessMs, EMIT_MODE_CODE[em.mode], em.earlyMs);
    if (job.detect?.on === 'events') {
      const p = w.configureDetect(job.detect.kind, job.detect.source, job.detect.words.length);
      new Float64Array(w.memory.buffer, p, job.detect.words.length).set(job.detect.words);
    }
    this.buffer = w.memory.buffer;
    this.u8 = new Uint8Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
  }

  private writeName(slot: number, name: string): void {
    const bytes = Buffer.from(name, 'utf8');
    const p = this.wasm.reserveName(slot, bytes.length);
    this.views().u8.set(bytes, p);
  }

  /** Current views; linear memory growth detaches the old ArrayBuffer. */
  views(): { u8: Uint8Array; f64: Float64Array; i32: Int32Array } {
    if (this.wasm.memory.buffer !== this.buffer) {
      this.buffer = this.wasm.memory.buffer;
      this.u8 = new Uint8Array(this.buffer);
      this.f64 = new Float64Array(this.buffer);
      this.i32 = new Int32Array(this.buffer);
    }
    return { u8: this.u8, f64: this.f64, i32: this.i32 };
  }

  // ── input ────────────────────────────────────────────────────────────────────────────────

  /** Appends socket bytes; returns the length of the first complete reply, or -1 while incomplete. */
  appendInput(chunk: Uint8Array): number {
    if (this.inputLen + chunk.length > MAX_INPUT_BYTES) {
      throw new Error(`a Redis reply outgrew the partition's ${MAX_INPUT_BYTES / 2 ** 20} MiB input buffer: its entries are too large to read even one at a time`);
    }
    const base = this.wasm.reserveInput(this.inputLen + chunk.length, this.inputLen);
    this.views().u8.set(chunk, base + this.inputLen);
    this.inputLen += chunk.length;
    return this.pendingFrame();
  }

  /** Length of the first complete reply already buffered, or -1. */
  pendingFrame(): number {
    if (this.inputLen === 0) return -1;
    const n = this.wasm.frameLength(this.wasm.reserveInput(0, 0), this.inputLen);
    if (n === FRAME_PROTOCOL_ERROR) throw new Error('Redis reply is not valid RESP2; is the reader connected to a Redis server?');
    return n;
  }

  /** Drops the first `frameLen` bytes once a reply is fully handled, keeping what follows it. */
  consumeFrame(frameLen: number): void {
    const base = this.wasm.reserveInput(0, 0);
    const rest = this.inputLen - frameLen;
    if (rest > 0) this.views().u8.copyWithin(base, base + frameLen, base + this.inputLen);
    this.inputLen = rest;
  }

  /** Forgets buffered bytes (the reader reconnected; a half reply is worthless). */
  resetInput(): void {
    this.inputLen = 0;
  }

  inputBase(): number {
    return this.wasm.reserveInput(0, 0);
  }

  // ── batch ────────────────────────────────────────────────────────────────────────────────

  /**
   * Decodes the reply at the start of the input into the batch columns. Entries the fast path left
   * to the host are decoded here; returns the number of entries (0 for a timed-out read). Entries
   * whose IDs are in `skip` (poisoned: processing them kept failing) are marked deleted before
   * anything else looks at them, so they are neither decoded on the host nor folded into windows.
   */
  decode(frameLen: number, skip?: ReadonlySet<string>): number {
    const base = this.inputBase();
    const n = this.wasm.decodeReply(base, frameLen);
    if (n === DECODE_ERROR_REPLY) {
      const parsed = parseResp(this.views().u8.subarray(base, base + frameLen));
      throw new ReadErrorReply(parsed?.value instanceof RespError ? parsed.value.message : 'error reply');
    }
    if (n === DECODE_OVER_CAPACITY) throw new Error('Redis returned more entries than the batch holds (COUNT); this is a bug in eddy');
    if (n === DECODE_PROTOCOL_ERROR) throw new Error('XREADGROUP reply has an unexpected shape; is this a stream?');
    const statusAt = this.wasm.statusColPtr();
    if (skip !== undefined && skip.size > 0 && n > 0) {
      const ids = this.entryIds().toString('latin1').split(' ');
      for (let i = 0; i < n; i++) if (skip.has(ids[i]!)) this.views().u8[statusAt + i] = STATUS_DELETED;
    }
    for (let i = 0; i < n; i++) {
      if (this.views().u8[statusAt + i] === STATUS_NEEDS_HOST) this.decodeOnHost(i);
    }
    return n;
  }

  private decodeOnHost(i: number): void {
    const entry = this.entry(i);
    const d = decodeEntry(entry, this.decodeConfig);
    const w = this.wasm;
    if (d.kind === 'deleted') {
      this.views().u8[w.statusColPtr() + i] = STATUS_DELETED;
      return;
    }
    if (d.kind === 'bad') {
      this.views().u8[w.statusColPtr() + i] = STATUS_OF_REASON[d.reason];
      return;
    }
    const p = w.reserveScratch(d.key.length);
    this.views().u8.set(d.key, p);
    const keyId = w.internKey(p, d.key.length);
    const { f64, i32 } = this.views();
    i32[(w.keyIdColPtr() >> 2) + i] = keyId;
    f64[(w.timeColPtr() >> 3) + i] = d.time;
    const row = (w.valuesColPtr() >> 3) + i * this.valueCount;
    d.values.forEach((v, k) => (f64[row + k] = v));
    this.writeItems(i, d.items);
    this.views().u8[w.statusColPtr() + i] = STATUS_OK;
  }

  /**
   * Row i's item fields (the job's itemFields, in order; an absent one is not counted) copied into
   * the kernel's heap and named in the item columns. The copies live until the next reply is decoded.
   */
  writeItems(i: number, items: readonly (Uint8Array | undefined)[] | undefined): void {
    const w = this.wasm;
    for (let j = 0; j < this.itemCount; j++) {
      const item = items?.[j];
      let ptr = 0;
      if (item !== undefined) {
        ptr = w.hostItemAlloc(item.length);
        this.views().u8.set(item, ptr);
      }
      const at = i * this.itemCount + j;
      const { i32 } = this.views();
      i32[(w.itemPtrColPtr() >> 2) + at] = ptr;
      i32[(w.itemLenColPtr() >> 2) + at] = item === undefined ? -1 : item.length;
    }
  }

  /** The original entry i of the current reply, parsed again (for dead letters and late events). */
  entry(i: number): ReturnType<typeof parseEntry> {
    const { u8, i32 } = this.views();
    const off = i32[(this.wasm.entryOffColPtr() >> 2) + i]!;
    return parseEntry(u8.subarray(this.inputBase()), off);
  }

  status(i: number): number {
    return this.views().u8[this.wasm.statusColPtr() + i]!;
  }

  /** The IDs of every entry of the reply, each followed by one space. */
  entryIds(): Buffer {
    const p = this.wasm.entryIdsPtr();
    return Buffer.from(this.views().u8.subarray(p, p + this.wasm.entryIdsLength()));
  }

  /** ID of the last entry of the reply (the position to read after next). */
  lastId(): string {
    if (this.wasm.entryIdsLength() === 0) throw new Error('lastId() of a reply without entries');
    const p = this.wasm.entryIdsPtr();
    const u8 = this.views().u8;
    const end = p + this.wasm.entryIdsLength() - 1; // the trailing space
    let start = end - 1;
    while (start > p && u8[start - 1] !== 32) start--;
    return Buffer.from(u8.buffer, u8.byteOffset + start, end - start).toString('latin1');
  }

  /**
   * Folds rows [0, n) into windows; returns how many results closed. A job that revises results
   * counts but does not write the results caused by rows below `mutedRows` (replayed entries).
   */
  process(n: number, drain: boolean, mutedRows = 0): number {
    this.wasm.muteRowsBefore(mutedRows);
    return this.wasm.processBatch(n, drain ? 1 : 0);
  }

  /** Advances the watermark of an idle partition by `elapsedMs` of processing time; returns how many results closed. */
  processIdle(elapsedMs: number): number {
    return this.wasm.processIdle(elapsedMs);
  }

  /** Late events of the last batch: entry index, window, watermark at arrival. */
  *lateEvents(): Generator<{ index: number; start: number; end: number; watermark: number }> {
    const count = this.wasm.lateCount();
    for (let r = 0; r < count; r++) {
      const at = (this.wasm.latePtr() >> 3) + r * LATE_RECORD_F64;
      const f64 = this.views().f64;
      yield { index: f64[at]!, start: f64[at + 1]!, end: f64[at + 2]!, watermark: f64[at + 3]! };
    }
  }

  /** Key bytes of a key id (copied out of linear memory). */
  keyBytes(id: number): Buffer {
    const p = this.wasm.keyBytesPtr(id);
    return Buffer.from(this.views().u8.subarray(p, p + this.wasm.keyBytesLen(id)));
  }
}
