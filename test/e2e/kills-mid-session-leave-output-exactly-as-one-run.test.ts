// Session windows open (or kept) when a process dies are rebuilt by its successor, as in
// kills-mid-window-leave-output-exactly-as-one-run (the diagram is there): from the replay position
// and the sessions open there (anchors), recounting revisions of kept sessions, refusing again what
// state limits refused. Three SIGKILLs mid-drain, then a drain: one uninterrupted run's output.

import { describe, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { killsThenDrainEqualOneRun } from '../support/kills-mid-drain.js';

const server = useRedisServer();

describe.each([
  ['session', 'test/e2e/fixtures/sensor-sessions-unbounded-batch-7.ts', 'sensor-sessions-unbounded'],
  // Runaway sessions cut by maxDuration where their chain, begun before the replay position, says:
  // the successor opens the sessions open at the replay position again (anchors) before replaying.
  ['session with maxDuration', 'test/e2e/fixtures/sensor-sessions-max-duration.ts', 'sensor-sessions-max-duration'],
  // Sessions kept 10 s past their end, a result on every reading, batches of 7: replay rebuilds the
  // kept sessions too (they are in the earliest open start), recounts revisions and writes none twice.
  ['session, allowed lateness', 'test/e2e/fixtures/sensor-sessions-late-batch-7.ts', 'sensor-sessions-late'],
  ['session, allowed lateness and update emission', 'test/e2e/fixtures/sensor-sessions-update.ts', 'sensor-sessions-update'],
  ['session, allowed lateness and early emission', 'test/e2e/fixtures/sensor-sessions-early.ts', 'sensor-sessions-early'],
  ['session with state limits', 'test/e2e/fixtures/sensor-sessions-limits.ts', 'sensor-sessions-limits'],
])('%s windows', (_kind, file, group) => {
  it('three kills mid-drain, then a drain: the sinks equal the oracle exactly', { timeout: 240_000 }, async () => {
    await server.reset();
    await killsThenDrainEqualOneRun(server.redis, server.url, file, group);
  });
});
