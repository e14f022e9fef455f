// The read socket is killed under the job (CLIENT KILL, as a proxy or a network blip would): the
// reader reconnects, reads again after the last entry it had processed, and the output is exactly
// what an undisturbed run writes — nothing skipped, nothing twice.

import { expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, startCli } from '../support/run-cli.js';
import { closedOutput, expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const input = sensorEntries({ seed: 31, count: 3000, sensors: 20, stepMs: 25 });

/** Kills every connection whose client name starts with `prefix`; returns how many. */
async function killClients(prefix: string): Promise<number> {
  const list = (await server.redis.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => new RegExp(`\\bname=${prefix}`).test(line))
    .map((line) => /\bid=(\d+)/.exec(line)![1]!);
  for (const id of ids) await server.redis.client('KILL', 'ID', id);
  return ids.length;
}

test('a killed read socket reconnects and the job writes exactly what an undisturbed run writes', async () => {
  const job = await loadJob('examples/sensor-stats.ts');
  const cli = startCli(['run', 'examples/sensor-stats.ts', '--redis', server.url], { timeoutMs: 60_000 });
  await cli.waitForLog((l) => l.msg === 'job started');

  await xaddAll(server.redis, 'sensors', input.slice(0, 1500).map((e) => e.fields));
  await eventually('the first part to produce results', async () => ((await server.redis.xlen(job.sinks.output)) > 0) || undefined);
  // The reader is blocked in XREAD now; kill it twice, with input arriving in between.
  expect(await killClients('eddy:sensor-stats:p0')).toBe(1);
  await xaddAll(server.redis, 'sensors', input.slice(1500, 2200).map((e) => e.fields));
  await eventually('the reader to come back', async () => ((await killClients('eddy:sensor-stats:p0')) === 1) || undefined);
  await xaddAll(server.redis, 'sensors', input.slice(2200).map((e) => e.fields));

  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const closed = closedOutput(expected);
  await eventually('every closed window to be written', async () => ((await server.redis.xlen(job.sinks.output)) >= closed.length) || undefined);
  cli.signal('SIGTERM');
  const run = await cli.exited;
  expect(run.code, describeRun(run)).toBe(0);
  expect(finishedSummary(run)['entries']).toBe(input.length);
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output).toEqual(closed);
  expect(written.late).toEqual(expected.late);
  expect(written.deadLetter).toEqual(expected.deadLetter);
});
