// The job option maxDeliveries (default 3) is how many deliveries of a failing batch are counted
// (partition-failure-2.lua, one call per failed delivery) before its entries are read one at a time
// and the poison is dead-lettered. Redis's MONITOR sees every call of the script, so the count is
// observed where it happens, not inferred from timing.

import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { useRedisServer, ownClient } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const POISON = '13.371337';
const env = { EDDY_FAULT_INJECT: `throw-on-value:${POISON}` };
const FAILURE_SCRIPT = readFileSync(new URL('../../src/redis/lua/partition-failure-2.lua', import.meta.url), 'utf8');
const FAILURE_SHA = createHash('sha1').update(FAILURE_SCRIPT).digest('hex');

it.each([
  ['test/e2e/fixtures/sensor-stats-max-deliveries-5.ts', 5],
  ['test/e2e/fixtures/sensor-stats-max-deliveries-1.ts', 1],
  ['test/e2e/fixtures/sensor-stats-batch-7.ts', 3],
])('%s counts %i failed deliveries, then dead-letters the poison once', async (file, deliveries) => {
  await server.reset();
  const job = await loadJob(file);
  const generated = sensorEntries({ seed: 31, count: 1500, sensors: 20, stepMs: 5, badEvery: 37 });
  let at = 700;
  while (generated[at]!.intent.kind !== 'ok') at++;
  const input = generated.map((e, i) => {
    if (i !== at) return e.fields;
    const fields = [...e.fields];
    fields[fields.findIndex((f) => String(f) === 'value') + 1] = POISON;
    return fields;
  });
  const ids = await xaddAll(server.redis, 'sensors', input);

  const monitor: Redis = await ownClient(server.port).monitor();
  let failureCalls = 0;
  monitor.on('monitor', (_time: string, args: string[]) => {
    // ioredis sends a script's first call on a connection as EVAL with its text (MONITOR shows it
    // escaped), the rest as EVALSHA.
    const command = String(args[0]).toLowerCase();
    if ((command === 'evalsha' && args[1] === FAILURE_SHA) || (command === 'eval' && String(args[1]).startsWith('--[[\\npartition-failure-2:'))) failureCalls++;
  });
  try {
    const result = await runCli(['run', file, '--drain', '--redis', server.url], { env, timeoutMs: 60_000 });
    expect(result.code, describeRun(result)).toBe(0);
  } finally {
    monitor.disconnect();
  }
  expect(failureCalls).toBe(deliveries);

  const raw = await readRaw(server.redis, 'sensors');
  const expected = expectedSinks(job, raw.filter((e) => e.id !== ids[at]));
  const written = await readSinks(server.redis, job.sinks);
  expect(written.deadLetter.filter((r) => r.at(-1) === ids[at])).toHaveLength(1);
  expect(written.output).toEqual(expected.output);
});
