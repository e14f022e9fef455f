// decodeKey — what the repartition stage routes by — decides an entry's key exactly as the job's
// decoder does: the same key bytes when both accept the entry, and where decodeKey refuses one
// (no key, a repeated key field, a bad msgpack payload) decodeEntry refuses it with the same reason
// and detail. An entry whose only problem is elsewhere (a bad value or time, a repeated value
// field) has a key, so the stage routes it and the job dead-letters it.

import { describe, expect, it } from 'vitest';
import { pack } from 'msgpackr';
import { decodeEntry, decodeKey } from '../../src/reference/entry-decoder.js';
import type { RawEntry } from '../../src/reference/resp-value.js';
import { sensorEntries } from '../support/sensor-data.js';
import { msgpackJob, sensorJob } from '../support/test-jobs.js';

function raw(id: string, flat: readonly (string | Buffer)[]): RawEntry {
  const fields: [Buffer, Buffer][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) fields.push([Buffer.from(flat[i]!), Buffer.from(flat[i + 1]!)]);
  return { id, fields };
}

describe('decodeKey agrees with decodeEntry on the key', () => {
  it('on generated sensor input with every kind of bad entry', () => {
    const job = sensorJob();
    const entries = sensorEntries({ seed: 5, count: 3000, sensors: 30, badEvery: 7 }).map((e, i) => raw(`${1_700_000_000_000 + i}-0`, e.fields));
    let refused = 0;
    let routedButBad = 0;
    for (const e of entries) {
      const k = decodeKey(e, job);
      const d = decodeEntry(e, job);
      if (k.kind === 'bad') {
        refused++;
        expect(d, `entry ${e.id}`).toEqual(k);
      } else if (k.kind === 'ok' && d.kind === 'ok') {
        expect(k.key.equals(d.key), `entry ${e.id}`).toBe(true);
      } else if (k.kind === 'ok') {
        routedButBad++;
        expect(d.kind === 'bad' && !['missing-key', 'bad-payload'].includes(d.reason), `entry ${e.id}: ${JSON.stringify(d)}`).toBe(true);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(routedButBad).toBeGreaterThan(0);
  });

  it.each<[string, RawEntry, string | undefined]>([
    ['a msgpack map with the key', raw('1-0', ['p', pack({ k: 'a', t: 1, v: 2 })]), undefined],
    ['a msgpack map without it', raw('1-0', ['p', pack({ t: 1, v: 2 })]), 'missing-key'],
    ['no payload field', raw('1-0', ['x', '1']), 'bad-payload'],
    ['a payload that is not msgpack', raw('1-0', ['p', Buffer.from([0xc1])]), 'bad-payload'],
    ['the payload field twice', raw('1-0', ['p', pack({ k: 'a' }), 'p', pack({ k: 'b' })]), 'duplicate-field'],
  ])('msgpack jobs: %s', (_what, entry, reason) => {
    const job = msgpackJob();
    const k = decodeKey(entry, job);
    if (reason === undefined) {
      expect(k).toEqual({ kind: 'ok', key: Buffer.from('a') });
    } else {
      expect(k).toMatchObject({ kind: 'bad', reason });
      expect(decodeEntry(entry, job)).toEqual(k);
    }
  });
});
