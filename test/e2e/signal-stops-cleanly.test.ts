// Without --drain, eddy runs until SIGTERM or SIGINT: entries added while it runs are processed,
// windows the watermark has passed are written, and on the signal it stops reading, commits what is
// in flight and exits 0 with nothing left pending.
//
// Windows still open at the signal are not written (there is no end of input); their state is not
// checkpointed yet (issue 6), so the output is exactly the windows closed by the watermark.

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, finishedSummary, startCli } from '../support/run-cli.js';
import { closedOutput, expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, pendingCount, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const input = sensorEntries({ seed: 99, count: 2000, sensors: 20, stepMs: 25 });

beforeEach(() => server.reset());

test.each(['SIGTERM', 'SIGINT'] as const)('%s after live input: closed windows written, exit 0, nothing pending', async (signal) => {
  const job = await loadJob('examples/sensor-stats.ts');
  const cli = startCli(['run', 'examples/sensor-stats.ts', '--redis', server.url], { timeoutMs: 60_000 });
  await cli.waitForLog((l) => l.msg === 'job started');

  // Added while the job runs, in two bursts: the second arrives while the job is blocked reading.
  await xaddAll(server.redis, 'sensors', input.slice(0, 1000).map((e) => e.fields));
  await eventually('the first burst to be read', async () => ((await pendingCount(server.redis, 'sensors', 'sensor-stats')) === 0 && (await server.redis.xlen('sensor-stats:out')) > 0) || undefined);
  await xaddAll(server.redis, 'sensors', input.slice(1000).map((e) => e.fields));

  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const closed = closedOutput(expected);
  expect(closed.length).toBeGreaterThan(0);
  expect(closed.length).toBeLessThan(expected.output.length);
  await eventually(
    'every closed window, late event and dead letter to be written',
    async () => {
      const [out, late, dlq] = await Promise.all([
        server.redis.xlen(job.sinks.output),
        server.redis.xlen(job.sinks.late),
        server.redis.xlen(job.sinks.deadLetter),
      ]);
      return (out >= closed.length && late >= expected.late.length && dlq >= expected.deadLetter.length) || undefined;
    },
  );

  cli.signal(signal);
  const run = await cli.exited;
  expect(run.code, describeRun(run)).toBe(0);
  expect(run.timedOut).toBe(false);
  expect(run.stderr).toBe('');
  expect(run.logs.some((l) => l.msg?.startsWith('stopping') && l['signal'] === signal), describeRun(run)).toBe(true);
  expect(run.logs.at(-1)?.msg).toBe('job finished');
  expect(finishedSummary(run)['entries']).toBe(input.length);

  expect(await pendingCount(server.redis, 'sensors', 'sensor-stats')).toBe(0);
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output).toEqual(closed);
  expect(written.late).toEqual(expected.late);
  expect(written.deadLetter).toEqual(expected.deadLetter);
});
