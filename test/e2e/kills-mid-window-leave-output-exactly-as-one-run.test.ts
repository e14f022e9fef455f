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

import { describe, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { killsThenDrainEqualOneRun } from '../support/kills-mid-drain.js';

const server = useRedisServer();

// Session windows have their own file (kills-mid-session-leave-output-exactly-as-one-run), so the
// two halves run side by side.
describe.each([
  ['tumbling', 'test/e2e/fixtures/sensor-stats-batch-7.ts', 'sensor-stats'],
  ['hopping', 'test/e2e/fixtures/sensor-hopping-batch-7.ts', 'sensor-hopping'],
  // Windows kept 5 s past their end with early results: replay recounts revisions and writes none twice.
  ['tumbling, allowed lateness and early emission', 'test/e2e/fixtures/sensor-stats-lateness.ts', 'sensor-lateness'],
  // One result per event over its sensor's last 10 s (≤ 50 events): replay from watermark − 10 s
  // under the replay position's clock rebuilds every window, bit for bit, and writes no result twice.
  ['rolling', 'test/e2e/fixtures/sensor-rolling-batch-7.ts', 'sensor-rolling'],
  // State limits hit all the time: replay refuses again exactly the entries the first run refused.
  ['tumbling with state limits', 'test/e2e/fixtures/sensor-stats-limits.ts', 'sensor-stats-limits'],
])('%s windows', (_kind, file, group) => {
  it('three kills mid-drain, then a drain: the sinks equal the oracle exactly', { timeout: 240_000 }, async () => {
    await server.reset();
    await killsThenDrainEqualOneRun(server.redis, server.url, file, group);
  });
});
