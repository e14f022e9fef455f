// A commit either happens whole or not at all. When a sink key turns into something other than a
// stream while the job runs, the commit script must refuse before its first write (Redis does not
// roll back a script that raises an error half-way), so the partition's position does not move:
// once the key is fixed, a re-run processes the same entries and writes every result, late event
// and dead letter exactly once. A sink of the wrong type at start-up is refused before anything.

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli, startCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { groupInfo, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
beforeEach(() => server.reset());

test.each(['sensor-stats:out', 'sensor-stats:late', 'sensor-stats:dlq'])(
  'a commit that fails on %s moves neither the checkpoint nor the group; the re-run writes everything once',
  async (sink) => {
    const job = await loadJob('examples/sensor-stats.ts');
    const input = sensorEntries({ seed: 8, count: 2000, sensors: 10 });
    await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
    // The first batch (COUNT 1000) has records for every sink, so its commit is the one that fails.
    const firstBatch = expectedSinks(job, (await readRaw(server.redis, 'sensors')).slice(0, 1000));
    expect([firstBatch.output.length, firstBatch.late.length, firstBatch.deadLetter.length].every((n) => n > 0)).toBe(true);
    await server.redis.del('sensors');

    // Started on an empty stream, so the sink is broken only after the start-up checks.
    const cli = startCli(['run', 'examples/sensor-stats.ts', '--redis', server.url]);
    await cli.waitForLog((l) => l.msg === 'job started');
    await server.redis.set(sink, 'not a stream');
    // One transaction, so the job's blocked read wakes up to a full first batch (COUNT 1000), whose
    // commit has records for every sink and is the one that fails.
    const tx = server.redis.multi();
    for (const e of input) tx.xadd('sensors', '*', ...e.fields);
    await tx.exec();
    const failed = await cli.exited;
    expect(failed.code, describeRun(failed)).toBe(1);
    expect(failed.stderr).toContain(`sink key "${sink}" holds a string, not a stream`);
    const info = await groupInfo(server.redis, 'sensors', 'sensor-stats');
    expect(info?.get('last-delivered-id'), 'the group moved past a batch whose commit failed').toBe('0-0');
    expect(await server.redis.hget(`eddy:sensor-stats:checkpoint:{sensors}`, 'id'), 'the checkpoint moved past a batch whose commit failed').toBeNull();

    await server.redis.del(sink, 'sensor-stats:out', 'sensor-stats:late', 'sensor-stats:dlq');
    const rerun = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', server.url]);
    expect(rerun.code, describeRun(rerun)).toBe(0);
    const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
    expect(await readSinks(server.redis, job.sinks)).toEqual({ output: expected.output, late: expected.late, deadLetter: expected.deadLetter });
  },
);

test('a sink key that is not a stream is named at start-up, before anything is read', async () => {
  await server.redis.xadd('sensors', '*', 'sensor', 'a', 'value', '1', 'ts', '1000');
  await server.redis.set('sensor-stats:dlq', 'not a stream');
  const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', server.url]);
  expect(run.code, describeRun(run)).toBe(1);
  expect(run.stderr).toContain('sinks.deadLetter: key "sensor-stats:dlq" holds a string, not a stream');
  expect(await server.redis.exists('eddy:sensor-stats:checkpoint:{sensors}')).toBe(0);
});
