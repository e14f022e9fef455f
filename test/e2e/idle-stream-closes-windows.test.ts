// With `idle`, a live job closes the windows of a stream that has gone quiet: after the last entry
// the watermark moves with processing time, so the last window's result appears without more input.
// Without `idle` the same window stays open (the control), as event time alone never passes it.

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, startCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { eventually, readRaw, readSinks } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());

/** Two sensors, one window [1_000_000, 1_010_000): with 2 s out-of-orderness it never closes by event time alone. */
async function writeOneWindow(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await server.redis.xadd('sensors', '*', 'sensor', `s${i % 2}`, 'value', String(i), 'ts', String(1_000_000 + i * 400));
  }
}

test('a quiet stream: the last window closes by processing time, and only with idle set', async () => {
  const idleJob = await loadJob('test/e2e/fixtures/sensor-stats-idle.ts');
  expect(idleJob.idleMs).toBe(1000);
  await writeOneWindow();
  const expected = expectedSinks(idleJob, await readRaw(server.redis, 'sensors'));
  expect(expected.output.length).toBe(2);

  // Control: no idle; the window stays open however long the stream is quiet.
  const plain = startCli(['run', 'examples/sensor-stats.ts', '--redis', server.url], { timeoutMs: 30_000 });
  await plain.waitForLog((l) => l.msg === 'job started');
  await eventually('the entries to be read', async () => ((await server.redis.hget('eddy:sensor-stats:checkpoint:{sensors}', 'id')) !== null) || undefined);
  await new Promise((r) => setTimeout(r, 3000));
  expect(await server.redis.xlen('sensor-stats:out')).toBe(0);
  plain.signal('SIGTERM');
  expect((await plain.exited).code).toBe(0);

  // Same stream, fresh start: with idle 1 s, the window closes within seconds of quiet.
  await server.reset();
  await writeOneWindow();
  const idle = startCli(['run', 'test/e2e/fixtures/sensor-stats-idle.ts', '--redis', server.url], { timeoutMs: 30_000 });
  await eventually('the idle clock to close the window', async () => ((await server.redis.xlen('sensor-stats:out')) === 2) || undefined, 20_000);
  idle.signal('SIGTERM');
  const run = await idle.exited;
  expect(run.code, describeRun(run)).toBe(0);
  const written = await readSinks(server.redis, idleJob.sinks);
  expect(written.output).toEqual(expectedSinks(idleJob, await readRaw(server.redis, 'sensors')).output);
});
