// The dead letters of a processed batch, read off the kernel's row statuses: decode verdicts
// (re-derived with the reference decoder, which must agree) and state-limit refusals (set by the
// kernel while it processed the batch, assembly/state-limits.ts).

import type { ResolvedJob } from '../job/resolved-job.js';
import { decodeEntry } from '../reference/entry-decoder.js';
import type { PartitionKernel } from '../wasm/partition-kernel.js';
import { STATUS_OK } from '../wasm/layout.js';
import { deadLetterRecord, type Fields } from './derived-records.js';
import { stateLimitDetail } from './state-limit-detail.js';

export interface BatchDeadLetters {
  /** Dead-letter records of rows [from, n), in entry order. */
  readonly deadLetter: Fields[];
  /** IDs of the entries among them refused for a state limit: the checkpoint's refusal marks. */
  readonly refused: string[];
}

/** Rows [from, n) after processing; rows before `from` are replayed (their dead letters were committed). */
export function batchDeadLetters(job: ResolvedJob, kernel: PartitionKernel, from: number, n: number): BatchDeadLetters {
  const deadLetter: Fields[] = [];
  const refused: string[] = [];
  for (let i = from; i < n; i++) {
    const s = kernel.status(i);
    if (s === STATUS_OK) continue;
    const entry = kernel.entry(i);
    const limit = stateLimitDetail(s, job);
    if (limit !== undefined) {
      deadLetter.push(deadLetterRecord(entry, 'state-limit', limit));
      refused.push(entry.id);
      continue;
    }
    const d = decodeEntry(entry, job);
    if (d.kind !== 'bad') throw new Error(`kernel and reference decoder disagree on entry ${entry.id} (status ${s}); this is a bug in eddy`);
    deadLetter.push(deadLetterRecord(entry, d.reason, d.detail));
  }
  return { deadLetter, refused };
}
