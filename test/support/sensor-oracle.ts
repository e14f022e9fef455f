// What a job must write for a given input, computed without eddy's pipeline: every entry decoded
// with the reference decoder, the decodable ones folded by the reference windowing in stream order,
// and the three sinks' records built field by field from the contract.

import { resolve } from 'node:path';
import type { OutputField, ResolvedJob } from '../../src/job/resolved-job.js';
import { loadJobFile } from '../../src/runtime/load-job-file.js';
import { numberText } from '../../src/pipeline/number-text.js';
import { decodeEntry } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { referenceWindows, type ReferenceEvent } from '../../src/reference/window-reference.js';
import { REPO_ROOT } from './run-cli.js';
import { DDSketchReference } from '../../src/reference/ddsketch-reference.js';
import { HyperLogLogReference } from '../../src/reference/hyperloglog-reference.js';
import { SpaceSavingReference } from '../../src/reference/space-saving-reference.js';
import { hash64Reference } from '../../src/reference/hash64-reference.js';
import { stateLimitDetail } from '../../src/pipeline/state-limit-detail.js';
import { STATUS_KEY_LIMIT, STATUS_WINDOW_LIMIT } from '../../src/wasm/layout.js';

export interface ExpectedSinks {
  /** Window results: key, start, end, then the job's output fields (then emit and revision, for a job that revises results, and supersedes for sessions), in emission order. */
  readonly output: string[][];
  /** Late events: original fields, window_start, window_end, watermark, source_id. */
  readonly late: string[][];
  /** Dead letters: original fields, reason, detail, source_id. */
  readonly deadLetter: string[][];
  /** Source IDs of the late entries and of the dead-lettered entries, in stream order. */
  readonly lateIds: string[];
  readonly deadLetterIds: string[];
  readonly deadLetterReasons: string[];
  /** The watermark after the last event (largest on-time event time − out-of-orderness), before end of input. */
  readonly watermark: number;
}

/** The results a running job has emitted before end of input: windows whose end the watermark has reached. */
export function closedOutput(expected: ExpectedSinks): string[][] {
  // Fields are key, k, start, s, end, e, …: the end's text is at index 5.
  return expected.output.filter((fields) => Number(fields[5]) <= expected.watermark);
}

/** Loads a job file the way the CLI does, for the oracle's configuration. */
export function loadJob(relativePath: string): Promise<ResolvedJob> {
  return loadJobFile(resolve(REPO_ROOT, relativePath));
}

/** The sinks' records for one partition's entries, as read back from its stream in order. */
/** `encoding` is how bytes become text on both sides of a comparison: 'latin1' keeps binary payloads exact. */
export function expectedSinks(job: ResolvedJob, entries: readonly RawEntry[], encoding: BufferEncoding = 'utf8'): ExpectedSinks {
  const events: ReferenceEvent[] = [];
  const eventEntries: RawEntry[] = [];
  /** Dead letters with the stream position of their entry: decode verdicts now, state limits after windowing. */
  const dead: { at: number; fields: string[]; id: string; reason: string }[] = [];
  const eventAt: number[] = [];
  entries.forEach((entry, at) => {
    const d = decodeEntry(entry, job);
    if (d.kind === 'deleted') return;
    if (d.kind === 'bad') {
      dead.push({ at, fields: [...original(entry, encoding), 'reason', d.reason, 'detail', d.detail, 'source_id', entry.id], id: entry.id, reason: d.reason });
      return;
    }
    // Keys are compared as the bytes eddy writes back; the latin1 round trip keeps them exact.
    events.push({ key: d.key.toString('latin1'), time: d.time, values: d.values, ...(d.items ? { items: d.items } : {}) });
    eventEntries.push(entry);
    eventAt.push(at);
  });
  const { results, late, refused = [] } = referenceWindows(job, events, { withEvents: true });
  // Events refused for a state limit are dead letters too, in stream order with the others.
  for (const r of refused) {
    const entry = eventEntries[r.index]!;
    const detail = stateLimitDetail(r.limit === 'maxKeys' ? STATUS_KEY_LIMIT : STATUS_WINDOW_LIMIT, job)!;
    dead.push({ at: eventAt[r.index]!, fields: [...original(entry, encoding), 'reason', 'state-limit', 'detail', detail, 'source_id', entry.id], id: entry.id, reason: 'state-limit' });
  }
  dead.sort((a, b) => a.at - b.at);
  const deadLetter = dead.map((d) => d.fields);
  const deadLetterIds = dead.map((d) => d.id);
  const deadLetterReasons = dead.map((d) => d.reason);
  // Late and refused events do not move the clock.
  const lateIndexes = new Set([...late.map((l) => l.index), ...refused.map((r) => r.index)]);
  const maxOnTime = events.reduce((m, e, i) => (lateIndexes.has(i) ? m : Math.max(m, e.time)), -Infinity);
  const output = results.map((r) => {
    const fields = ['key', Buffer.from(r.key, 'latin1').toString(encoding), 'start', numberText(r.start), 'end', numberText(r.end)];
    for (const f of job.outputFields) {
      if (f.from === 'quantile' || f.from === 'distinct' || f.from === 'topK') {
        fields.push(f.name, referenceSketchText(job, f, r.events ?? []));
        continue;
      }
      // Written out here rather than borrowed from derived-records.ts, so the oracle stays independent.
      const w = (i: number): number => r.accs[i]!;
      const v =
        f.from === 'count' ? r.count
        : f.from === 'word' ? w(f.word)
        : f.from === 'mean' ? w(f.sumWord) / r.count
        : f.from === 'range' ? w(f.maxWord) - w(f.minWord)
        : f.from === 'variance' ? w(f.momentsWord + 2) / (f.sample ? r.count - 1 : r.count)
        : Math.sqrt(w(f.momentsWord + 2) / (f.sample ? r.count - 1 : r.count));
      fields.push(f.name, numberText(v));
    }
    if (r.emit !== undefined) fields.push('emit', r.emit, 'revision', String(r.revision));
    // Session windows with emission: the earlier result's start this one replaces, or ''.
    if (r.supersedes !== undefined) fields.push('supersedes', r.supersedes.map(numberText).join(','));
    return fields;
  });
  const lateRecords = late.map((l) => {
    const entry = eventEntries[l.index]!;
    const record = [...original(entry, encoding), 'window_start', numberText(l.start), 'window_end', numberText(l.end), 'watermark', numberText(l.watermark), 'source_id', entry.id];
    // A job with allowedLateness or an emit mode also says how late: watermark − window end.
    return job.emission ? [...record, 'lateness', numberText(l.watermark - l.end)] : record;
  });
  return {
    output,
    late: lateRecords,
    deadLetter,
    lateIds: late.map((l) => eventEntries[l.index]!.id),
    deadLetterIds,
    deadLetterReasons,
    watermark: maxOnTime - job.outOfOrdernessMs,
  };
}

/** An entry's own fields as text, in their original order. */
function original(entry: RawEntry, encoding: BufferEncoding): string[] {
  return (entry.fields ?? []).flatMap(([name, value]) => [name.toString(encoding), value.toString(encoding)]);
}

/** A sketch output from the reference sketches fed with the window's events in input order. */
function referenceSketchText(job: ResolvedJob, f: OutputField & { from: 'quantile' | 'distinct' | 'topK' }, events: readonly ReferenceEvent[]): string {
  const acc = job.accumulators.find((a) => a.word === f.sketchWord)!;
  if (f.from === 'quantile') {
    const sketch = new DDSketchReference(acc.param, 2048);
    for (const e of events) sketch.add(e.values[acc.value]!);
    const q = sketch.quantile(f.q);
    return Number.isNaN(q) ? 'NaN' : numberText(q);
  }
  const items = events.map((e) => e.items?.[acc.value]).filter((b): b is Buffer => b !== undefined);
  if (f.from === 'distinct') {
    const hll = new HyperLogLogReference(acc.param);
    for (const b of items) hll.addHash(hash64Reference(b));
    return String(Math.round(hll.estimate()));
  }
  const ss = new SpaceSavingReference(acc.param!);
  for (const b of items) ss.addBytes(b);
  return JSON.stringify(ss.top(f.k).map((e) => ({ value: Buffer.from(e.item, 'latin1').toString('utf8'), count: e.count, error: e.error })));
}
