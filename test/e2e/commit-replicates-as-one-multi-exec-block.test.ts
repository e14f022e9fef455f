// What a replica receives of a commit (issue 7): Redis propagates a script's writes as one MULTI …
// EXEC block, so the XADDs to the sinks, the checkpoint's HSET and the group's XGROUP SETID reach a
// replica together. A failover to a replica that lacks some of the master's last writes therefore
// loses whole commits — outputs and checkpoint together — never half of one (DESIGN.md, "Redis
// Cluster"). Seen through a fake replica recording the replication stream of a real redis-server.
//
//   replication stream:  … MULTI XADD out … XADD out HSET ckpt XGROUP SETID EXEC  MULTI … EXEC …

import { expect, test } from 'vitest';
import { checkpointKey } from '../../src/redis/keys.js';
import { useRedisServer } from '../support/redis-server.js';
import { tapReplication } from '../support/replication-tap.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-batch-7.ts';

test("every commit's sink writes and checkpoint reach a replica in one MULTI/EXEC block", async () => {
  const job = await loadJob(JOB_FILE);
  const tap = await tapReplication(server.port);
  try {
    await xaddAll(server.redis, 'sensors', sensorEntries({ seed: 5, count: 600, sensors: 6, stepMs: 500, badEvery: 37, lateEvery: 41 }).map((e) => e.fields as string[]));
    const run = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, '--progress-ms', '0']);
    expect(run.code, describeRun(run)).toBe(0);
    const checkpoint = checkpointKey(job.name, 'sensors');
    const sinks = new Set(Object.values(job.sinks));
    // The last commit's SETID has arrived: every commit is in the tap.
    await eventually('the last commit to reach the tap', async () => (tap.commands().some((c) => c[0]!.toUpperCase() === 'XGROUP' && c[1]!.toUpperCase() === 'SETID') ? true : undefined));
    const blocks: string[][][] = [];
    let open: string[][] | undefined;
    for (const c of tap.commands()) {
      const verb = c[0]!.toUpperCase();
      if (verb === 'MULTI') open = [];
      else if (verb === 'EXEC') {
        blocks.push(open!);
        open = undefined;
      } else if (open) open.push(c);
      else {
        // Outside any block: nothing of a commit (group creation and lease scripts may be there).
        const ofCommit = (verb === 'XADD' && sinks.has(c[1]!)) || (verb === 'HSET' && c[1] === checkpoint && c.includes('seq')) || (verb === 'XGROUP' && c[1]!.toUpperCase() === 'SETID');
        expect(ofCommit, `${c.join(' ')} outside MULTI/EXEC`).toBe(false);
      }
    }
    const commits = blocks.filter((b) => b.some((c) => c[0]!.toUpperCase() === 'HSET' && c[1] === checkpoint && c.includes('seq')));
    const writing = commits.filter((b) => b.some((c) => c[0]!.toUpperCase() === 'XADD' && sinks.has(c[1]!)));
    expect(writing.length, 'commits that wrote to a sink').toBeGreaterThan(10);
    for (const b of writing) {
      // In one block: the sink XADDs first, the checkpoint after them, the group's position last.
      const verbs = b.map((c) => `${c[0]!.toUpperCase()} ${c[1]}`);
      const lastXadd = verbs.findLastIndex((v) => v.startsWith('XADD '));
      const hset = verbs.findIndex((v) => v === `HSET ${checkpoint}`);
      expect(hset, verbs.join(', ')).toBeGreaterThan(lastXadd);
      // A commit that read entries moves the group too (the end-of-input flush reads none).
      const moved = b.some((c) => c[0]!.toUpperCase() === 'HSET' && c[1] === checkpoint && c.includes('id'));
      if (moved) expect(verbs.at(-1)!.toUpperCase(), verbs.join(', ')).toBe('XGROUP SETID');
    }
  } finally {
    tap.close();
  }
});
