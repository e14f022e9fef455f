// Where each entry of an unpartitioned stream goes: the job's source partition of its key (the
// producer's xxHash64 mod P, src/producer/partitioned-producer.ts), unchanged and under its own
// ID, or — without a usable key — the stage's dead-letter stream with the reason.

import type { ResolvedJob } from '../job/resolved-job.js';
import { partitionOfKey } from '../producer/partitioned-producer.js';
import { deadLetterRecord } from '../pipeline/derived-records.js';
import { decodeKey } from '../reference/entry-decoder.js';
import type { RawEntry } from '../reference/resp-value.js';
import { packRecords } from '../redis/lua-records.js';
import { MAX_ROUTED_FIELD_PAIRS } from './repartition-options.js';

export interface RoutedBatch {
  /** Target stream → its entries as one msgpack argument for repartition-append-1.lua ([id, field, value, …] each), in source order. */
  readonly appends: ReadonlyMap<string, Buffer>;
  /** Entries read (deleted ones are not returned by XREAD). */
  readonly entries: number;
  readonly deadLettered: number;
  /** The batch's last entry ID: the stage's position once every append is confirmed. */
  readonly lastId: string;
}

/** Routes a non-empty batch read from the source. */
export function routeEntries(entries: readonly RawEntry[], job: ResolvedJob, deadLetter: string): RoutedBatch {
  const byStream = new Map<string, (string | Uint8Array)[][]>();
  const add = (stream: string, record: (string | Uint8Array)[]): void => {
    const list = byStream.get(stream);
    if (list) list.push(record);
    else byStream.set(stream, [record]);
  };
  let deadLettered = 0;
  for (const entry of entries) {
    if (entry.fields === null) continue;
    const verdict = decodeKey(entry, job);
    if (verdict.kind === 'deleted') continue;
    if (verdict.kind === 'bad') {
      add(deadLetter, [entry.id, ...deadLetterRecord(entry, verdict.reason, verdict.detail)]);
      deadLettered++;
    } else if (entry.fields.length > MAX_ROUTED_FIELD_PAIRS) {
      add(deadLetter, [entry.id, ...deadLetterRecord(entry, 'too-many-fields', `${entry.fields.length} field pairs; the repartition stage copies at most ${MAX_ROUTED_FIELD_PAIRS}`)]);
      deadLettered++;
    } else {
      const record: (string | Uint8Array)[] = [entry.id];
      for (const [name, value] of entry.fields) record.push(name, value);
      add(job.partitions[partitionOfKey(verdict.key, job.partitions.length)]!, record);
    }
  }
  const appends = new Map<string, Buffer>();
  for (const [stream, records] of byStream) appends.set(stream, packRecords(records));
  return { appends, entries: entries.length, deadLettered, lastId: entries.at(-1)!.id };
}
