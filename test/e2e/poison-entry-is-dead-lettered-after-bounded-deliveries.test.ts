// An entry whose processing keeps failing (a poison: here made one by the EDDY_FAULT_INJECT test
// hook, which throws when an entry's value is exactly 13.37) does not fail the job nor make it
// crash-loop: the partition restarts from its checkpoint up to maxDeliveries (3) times, then reads the
// entries after the committed position one at a time, dead-letters the one that fails with reason
// processing-failed, commits, and goes on. Everything else equals the oracle over the input without
// the poison, and a second drain — which replays across the poison — writes nothing more.

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { checkpointKey } from '../../src/redis/keys.js';
import { groupInfo, pendingCount, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
// batchSize 7: the poison sits in the middle of a batch, and windows are open across it.
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-batch-7.ts';
const POISON = '13.37';
const env = { EDDY_FAULT_INJECT: `throw-on-value:${POISON}` };

test('a poison entry is dead-lettered once with processing-failed; the rest equals the oracle without it', async () => {
  const job = await loadJob(JOB_FILE);
  const generated = sensorEntries({ seed: 4242, count: 6000, sensors: 30, stepMs: 5, badEvery: 41 });
  const valueOf = (fields: readonly (string | Buffer)[]): string | undefined => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (String(fields[i]) === 'value') return String(fields[i + 1]);
    return undefined;
  };
  expect(generated.some((e) => valueOf(e.fields) === POISON)).toBe(false);
  let at = 3001;
  while (generated[at]!.intent.kind !== 'ok') at++;
  const poisonFields = [...generated[at]!.fields];
  poisonFields[poisonFields.findIndex((f) => String(f) === 'value') + 1] = POISON;
  const input = generated.map((e, i) => (i === at ? poisonFields : e.fields));
  const ids = await xaddAll(server.redis, 'sensors', input);
  const poisonId = ids[at]!;

  const first = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url], { env, timeoutMs: 60_000 });
  expect(first.code, describeRun(first)).toBe(0);

  const raw = await readRaw(server.redis, 'sensors');
  const expected = expectedSinks(job, raw.filter((e) => e.id !== poisonId));
  const written = await readSinks(server.redis, job.sinks);
  const poisoned = written.deadLetter.filter((r) => r.at(-1) === poisonId);
  expect(poisoned).toHaveLength(1);
  const record = poisoned[0]!;
  expect(record.slice(0, poisonFields.length)).toEqual(poisonFields.map(String));
  expect(record[record.indexOf('reason') + 1]).toBe('processing-failed');
  expect(record[record.indexOf('detail') + 1]).toContain('EDDY_FAULT_INJECT');
  expect(written.deadLetter.filter((r) => r.at(-1) !== poisonId)).toEqual(expected.deadLetter);
  expect(written.late).toEqual(expected.late);
  expect(written.output).toEqual(expected.output);

  expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(0);
  const info = await groupInfo(server.redis, 'sensors', 'sensor-stats');
  expect(info?.get('last-delivered-id')).toBe(ids.at(-1));
  expect(info?.get('entries-read')).toBe(input.length);
  expect(info?.get('lag')).toBe(0);
  const checkpoint = await server.redis.hgetall(checkpointKey(job.name, 'sensors'));
  expect(checkpoint['poisoned']).toBe(poisonId);
  expect(checkpoint['failures']).toBe('0');

  // A second drain replays the open windows across the poison: it skips it, writes nothing.
  const lengths = async (): Promise<number[]> => Promise.all([job.sinks.output, job.sinks.late, job.sinks.deadLetter].map((k) => server.redis.xlen(k)));
  const before = await lengths();
  const second = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url], { env });
  expect(second.code, describeRun(second)).toBe(0);
  expect(await lengths()).toEqual(before);
});
