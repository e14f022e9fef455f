// Windows open when a process dies are rebuilt by its successor: the checkpoint keeps the clock and
// a replay position, the successor re-reads the input from there (writing nothing twice) and the
// output is exactly one uninterrupted run's — every window result, late event and dead letter once,
// in order. Three SIGKILLs at arbitrary moments of a small-batch drain, then a drain to the end.
//
//   input   ───────────────────────────────────────────────────────▶
//   run 1   ════════╳                          (killed: windows w3, w4 open)
//   run 2     replay ┈┈┈┈════════╳             (re-reads from w3's first entry, writes from the kill on)
//   run 3                 replay ┈┈┈════╳
//   run 4                       replay ┈┈┈══════════════▶ end (drain)

import { describe, expect, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { killsMidDrain } from '../support/kills-mid-drain.js';
import { loadJob } from '../support/sensor-oracle.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { sensorEntries } from '../support/sensor-data.js';
import { xaddAll } from '../support/stream-io.js';

const server = useRedisServer();

describe.each([
  ['tumbling', 'test/e2e/fixtures/sensor-stats-batch-7.ts', 'sensor-stats'],
  ['hopping', 'test/e2e/fixtures/sensor-hopping-batch-7.ts', 'sensor-hopping'],
  ['session', 'test/e2e/fixtures/sensor-sessions-unbounded-batch-7.ts', 'sensor-sessions-unbounded'],
  // Runaway sessions cut by maxDuration where their chain, begun before the replay position, says:
  // the successor opens the sessions open at the replay position again (anchors) before replaying.
  ['session with maxDuration', 'test/e2e/fixtures/sensor-sessions-max-duration.ts', 'sensor-sessions-max-duration'],
  // Windows kept 5 s past their end with early results: replay recounts revisions and writes none twice.
  ['tumbling, allowed lateness and early emission', 'test/e2e/fixtures/sensor-stats-lateness.ts', 'sensor-lateness'],
  // Sessions kept 10 s past their end, a result on every reading, batches of 7: replay rebuilds the
  // kept sessions too (they are in the earliest open start), recounts revisions and writes none twice.
  ['session, allowed lateness', 'test/e2e/fixtures/sensor-sessions-late-batch-7.ts', 'sensor-sessions-late'],
  ['session, allowed lateness and update emission', 'test/e2e/fixtures/sensor-sessions-update.ts', 'sensor-sessions-update'],
  ['session, allowed lateness and early emission', 'test/e2e/fixtures/sensor-sessions-early.ts', 'sensor-sessions-early'],
  // One result per event over its sensor's last 10 s (≤ 50 events): replay from watermark − 10 s
  // under the replay position's clock rebuilds every window, bit for bit, and writes no result twice.
  ['rolling', 'test/e2e/fixtures/sensor-rolling-batch-7.ts', 'sensor-rolling'],
  // State limits hit all the time: replay refuses again exactly the entries the first run refused.
  ['tumbling with state limits', 'test/e2e/fixtures/sensor-stats-limits.ts', 'sensor-stats-limits'],
  ['session with state limits', 'test/e2e/fixtures/sensor-sessions-limits.ts', 'sensor-sessions-limits'],
])('%s windows', (_kind, file, group) => {
  it('three kills mid-drain, then a drain: the sinks equal the oracle exactly', { timeout: 240_000 }, async () => {
    await server.reset();
    const job = await loadJob(file);
    const input = sensorEntries({ seed: 777, count: 12_000, sensors: 30, stepMs: 7, badEvery: 53 });
    const ids = await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
    await killsMidDrain(server.redis, server.url, file, group, input.length);
    const last = await runCli(['run', file, '--drain', '--redis', server.url, '--lease-ms', '1000']);
    expect(last.code, describeRun(last)).toBe(0);

    expect(ids).toHaveLength(input.length);
    // Sinks equal the oracle in order, nothing pending, the group read to the stream's last entry.
    await expectExactlyOnce(server.redis, job, 1);
  });
});
