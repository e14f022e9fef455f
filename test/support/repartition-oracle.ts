// What the repartition stage must leave behind, computed from the original stream alone: each
// partition stream holds exactly the entries whose one `sensor` field hashes to it (the producer's
// partitionOfKey), with their IDs and fields unchanged and in source order; the stage's dead-letter
// stream holds, under their own IDs, the entries with no `sensor` field or two of them; the source's
// group has read everything.

import type { RedisClient } from '../../src/redis/command-connection.js';
import { expect } from 'vitest';
import type { ResolvedJob } from '../../src/job/resolved-job.js';
import { partitionOfKey } from '../../src/producer/partitioned-producer.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { groupInfo, readRaw } from './stream-io.js';

export interface RoutedOriginal {
  /** Per partition, the original entries that belong there, in source order. */
  readonly partitions: RawEntry[][];
  /** Entries without exactly one `sensor` field, and why. */
  readonly deadLetter: { readonly entry: RawEntry; readonly reason: 'missing-key' | 'duplicate-field' }[];
}

/** Routes the original entries by the rule above. */
export function routeOriginal(entries: readonly RawEntry[], partitions: number): RoutedOriginal {
  const out: RoutedOriginal = { partitions: Array.from({ length: partitions }, () => []), deadLetter: [] };
  for (const entry of entries) {
    const keys = (entry.fields ?? []).filter(([name]) => name.toString('latin1') === 'sensor');
    if (keys.length === 1) out.partitions[partitionOfKey(keys[0]![1], partitions)]!.push(entry);
    else out.deadLetter.push({ entry, reason: keys.length === 0 ? 'missing-key' : 'duplicate-field' });
  }
  return out;
}

/** An entry as one line of text (bytes as latin1), for comparisons whose failures stay readable. */
export function entryText(e: RawEntry): string {
  return `${e.id} ${(e.fields ?? []).map(([n, v]) => `${n.toString('latin1')}=${v.toString('latin1')}`).join(' ')}`;
}

/** Checks the partition streams, the stage's dead letters and the source group against the original stream. */
export async function expectRepartitioned(redis: RedisClient, job: ResolvedJob, from: string, deadLetterStream: string, group: string): Promise<RoutedOriginal> {
  const original = await readRaw(redis, from);
  const routed = routeOriginal(original, job.partitions.length);
  for (let p = 0; p < job.partitions.length; p++) {
    const written = (await readRaw(redis, job.partitions[p]!)).map(entryText);
    const expected = routed.partitions[p]!.map(entryText);
    expect(written.length, `partition ${p}: how many entries`).toBe(expected.length);
    expect(written, `partition ${p}: its entries, once each, in source order`).toEqual(expected);
  }
  const dead = await readRaw(redis, deadLetterStream);
  expect(dead.map((e) => e.id), 'dead letters: the key-less entries, under their own IDs').toEqual(routed.deadLetter.map((d) => d.entry.id));
  dead.forEach((d, i) => {
    const want = routed.deadLetter[i]!;
    const text = entryText(d);
    expect(text.startsWith(`${entryText(want.entry)} reason=${want.reason} detail=`), `dead letter ${d.id}: ${text}`).toBe(true);
    expect(text.endsWith(` source_id=${want.entry.id}`)).toBe(true);
  });
  const info = await groupInfo(redis, from, group);
  expect(info?.get('last-delivered-id'), 'the source group position').toBe(original.at(-1)?.id);
  expect(info?.get('entries-read'), 'the source group entries-read').toBe(original.length);
  expect(info?.get('lag'), 'the source group lag').toBe(0);
  return routed;
}
