// A job with `payload: { msgpack: 'data' }` reads key, value and time from a msgpack map in one
// field: its results equal the oracle's, and entries whose payload is missing, not msgpack, or not a
// map go to the dead-letter stream with reason `bad-payload` and their original bytes.

import { expect, test } from 'vitest';
import { Packr } from 'msgpackr';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { pendingCount, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const JOB_FILE = 'test/e2e/fixtures/sensor-stats-msgpack.ts';
const server = useRedisServer();
// Plain msgpack maps, as any other language's producer writes them (no msgpackr records extension).
const packr = new Packr({ useRecords: false });

/** The generated text entries as msgpack payloads: numbers as msgpack numbers, odd texts kept as strings. */
function asPayload(fields: readonly (string | Buffer)[], i: number): (string | Buffer)[] {
  const m: Record<string, unknown> = {};
  for (let k = 0; k + 1 < fields.length; k += 2) m[String(fields[k])] = String(fields[k + 1]);
  if (typeof m['ts'] === 'string' && /^\d+$/.test(m['ts'])) m['ts'] = Number(m['ts']);
  if (typeof m['value'] === 'string' && i % 3 !== 0 && /^-?\d+(\.\d+)?$/.test(m['value'])) m['value'] = Number(m['value']);
  return ['data', packr.pack(m), 'producer', 'p1'];
}

const BAD_PAYLOADS: (string | Buffer)[][] = [
  ['data', Buffer.from([0xc1])], // 0xc1 is never used in msgpack
  ['data', Buffer.from([0x85, 0xa6, 0x73])], // a map cut short
  ['data', packr.pack(42)], // msgpack, but not a map
  ['data', packr.pack(['sensor', 'a'])], // an array, not a map
  ['other', packr.pack({ sensor: 'a', value: 1, ts: 1 })], // no `data` field at all
];

test('msgpack payloads are windowed like fields, and unusable payloads are dead-lettered as bad-payload', async () => {
  const job = await loadJob(JOB_FILE);
  expect(job.format).toEqual({ kind: 'msgpack', field: 'data' });
  const input = sensorEntries({ seed: 2718, count: 2000, sensors: 20 });
  const entries = input.map((e, i) => asPayload(e.fields, i));
  const badAt = BAD_PAYLOADS.map((_, k) => 300 + k * 211);
  BAD_PAYLOADS.forEach((bad, k) => entries.splice(badAt[k]!, 0, bad));
  const ids = await xaddAll(server.redis, 'sensors-mp', entries);

  const run = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(0);
  expect(finishedSummary(run)['entries']).toBe(entries.length);

  // latin1 on both sides: payload bytes must come back byte for byte in late events and dead letters.
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors-mp'), 'latin1');
  const written = await readSinks(server.redis, job.sinks, 'latin1');
  expect(expected.output.length).toBeGreaterThan(20 * 3);
  expect(expected.late.length).toBeGreaterThan(0);
  expect(written.output).toEqual(expected.output);
  expect(written.late).toEqual(expected.late);
  expect(written.deadLetter).toEqual(expected.deadLetter);
  expect(await pendingCount(server.redis, 'sensors-mp', 'sensor-stats-msgpack')).toBe(0);

  // Each unusable payload is a dead letter with reason bad-payload, whatever else it lacks.
  const reasonOf = new Map(written.deadLetter.map((r) => [r[r.length - 1], r[r.lastIndexOf('reason') + 1]]));
  const badIds = badAt.map((at) => ids[at]!);
  expect(badIds.map((id) => [id, reasonOf.get(id)])).toEqual(badIds.map((id) => [id, 'bad-payload']));
});
