// A job whose state limits are hit all the time writes, through Redis, exactly what the reference
// says: the refused events as `state-limit` dead letters in stream order with the decoder's, and the
// windows built from the events kept — the oracle (test/support/sensor-oracle.ts) models the limits.

import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, xaddAll } from '../support/stream-io.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';

const server = useRedisServer();

describe.each([
  ['tumbling, maxKeys 20 and maxOpenWindows 2', 'test/e2e/fixtures/sensor-stats-limits.ts'],
  ['sessions, maxKeys 20 and maxOpenWindows 2', 'test/e2e/fixtures/sensor-sessions-limits.ts'],
])('%s', (_kind, file) => {
  it('--drain: the sinks equal the oracle, refusals included', async () => {
    await server.reset();
    const job = await loadJob(file);
    const input = sensorEntries({ seed: 4242, count: 6000, sensors: 30, stepMs: 7, badEvery: 53 });
    await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
    const run = await runCli(['run', file, '--drain', '--redis', server.url]);
    expect(run.code, describeRun(run)).toBe(0);

    const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
    const refusals = expected.deadLetterReasons.filter((r) => r === 'state-limit').length;
    // The test means something only when the limits refuse a fair share of the input.
    expect(refusals).toBeGreaterThan(100);
    expect(refusals).toBeLessThan(input.length / 2);
    await expectExactlyOnce(server.redis, job, 1);
  });
});
