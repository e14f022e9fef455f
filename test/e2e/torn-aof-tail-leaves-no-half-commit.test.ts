// A torn AOF tail (issue 6, faults). A Lua script's writes reach the append-only file as one
// MULTI … EXEC block, so a commit (XADDs, checkpoint HSET, XGROUP SETID) is one block. The job is
// killed mid-run, Redis is stopped, and Redis 7's incremental AOF file is cut in the middle of the
// last commit that wrote to a sink (everything after it goes too) — right after its first XADD, the
// most half-applied a cut can be.
// Started with `aof-load-truncated yes`, Redis drops the incomplete block whole: the cut commit left
// nothing behind, what is left is consistent (sinks = what the oracle writes up to the checkpoint),
// and a rerun with --drain ends with exactly the oracle.
//
//   incr AOF:  … MULTI XADD … HSET XGROUP EXEC │ MULTI XADD out ✂ XADD … HSET ckpt XGROUP EXEC │ …
//                         last whole commit    │            cut off: loaded as if never sent

import { readFileSync, truncateSync } from 'node:fs';
import { expect, test } from 'vitest';
import { compareEntryIds } from '../../src/redis/entry-id.js';
import { checkpointKey } from '../../src/redis/keys.js';
import { parseResp, type RespValue } from '../../src/reference/resp-value.js';
import { expectExactlyOnce } from '../support/exactly-once-check.js';
import { useRestartableRedis } from '../support/restartable-redis.js';
import { describeRun, runCli, startCli } from '../support/run-cli.js';
import { closedOutput, expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, groupInfo, readRaw, readSinks, xaddAll } from '../support/stream-io.js';

const server = useRestartableRedis(['--appendonly', 'yes', '--appendfsync', 'always']);
const JOB_FILE = 'test/e2e/fixtures/sensor-stats-batch-7.ts';
const LEASE = ['--lease-ms', '1000'];

interface AofCommand {
  readonly start: number;
  readonly end: number;
  readonly args: string[];
}

/** The commands of an AOF file with their byte ranges. */
function aofCommands(bytes: Buffer): AofCommand[] {
  const out: AofCommand[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    const r = parseResp(bytes, pos);
    if (!r) throw new Error(`AOF ends in a partial command at byte ${pos}`);
    out.push({ start: pos, end: r.end, args: (r.value as RespValue[]).map((a) => (a as Buffer).toString('latin1')) });
    pos = r.end;
  }
  return out;
}

test('an AOF cut inside the last commit\'s MULTI/EXEC block loads without that commit, whole: consistent, and a rerun gives exactly the oracle', async () => {
  const job = await loadJob(JOB_FILE);
  const input = sensorEntries({ seed: 2718, count: 6000, sensors: 20, stepMs: 25, badEvery: 31, lateEvery: 67 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  const read = async (): Promise<number> => Number((await groupInfo(server.redis, 'sensors', job.group))?.get('entries-read') ?? 0);
  const doomed = startCli(['run', JOB_FILE, '--redis', server.url, ...LEASE, '--progress-ms', '0']);
  await eventually('half the input to be committed', async () => ((await read()) >= input.length / 2) || undefined);
  doomed.signal('SIGKILL');
  await doomed.exited;
  await server.stop('SIGTERM');

  // The last commit that wrote to a sink: a MULTI block with XADDs to a sink and the checkpoint's HSET.
  const file = server.aofIncrFile();
  const commands = aofCommands(readFileSync(file));
  const sinks = new Set([job.sinks.output, job.sinks.late, job.sinks.deadLetter]);
  const ckpt = checkpointKey(job.name, 'sensors');
  let cut: { at: number; xadd: AofCommand; seq: number } | undefined;
  for (let i = 0; i < commands.length; i++) {
    if (commands[i]!.args[0] !== 'MULTI') continue;
    let j = i + 1;
    while (j < commands.length && commands[j]!.args[0] !== 'EXEC') j++;
    const block = commands.slice(i + 1, j);
    const xadd = block.find((c) => c.args[0] === 'XADD' && sinks.has(c.args[1]!));
    const hset = block.find((c) => c.args[0] === 'HSET' && c.args[1] === ckpt);
    if (xadd && hset && block.some((c) => c.args[0] === 'XGROUP')) {
      cut = { at: xadd.end, xadd, seq: Number(hset.args[hset.args.indexOf('seq') + 1]) };
    }
  }
  expect(cut, 'a commit block with sink writes in the incremental AOF').toBeDefined();
  const { at, xadd, seq } = cut!;
  const size = readFileSync(file).length;
  truncateSync(file, at);
  expect(at).toBeLessThan(size);

  await server.start(['--aof-load-truncated', 'yes']);
  // The cut commit is gone whole: its first sink entry (the AOF carries the ID Redis gave it) is
  // not there, and the checkpoint is the one before it.
  const [, sink, id] = xadd.args;
  expect(await server.redis.xrange(sink!, id!, id!), `${sink} ${id} of the cut commit`).toEqual([]);
  expect(Number(await server.redis.hget(ckpt, 'seq'))).toBe(seq - 1);
  // What is left is consistent: the sinks hold exactly what the oracle writes up to the checkpoint,
  // and the group is where the checkpoint is.
  const position = (await server.redis.hget(ckpt, 'id'))!;
  const committed = (await readRaw(server.redis, 'sensors')).filter((e) => compareEntryIds(e.id, position) <= 0);
  const upToCheckpoint = expectedSinks(job, committed);
  const written = await readSinks(server.redis, job.sinks);
  expect(written.deadLetter).toEqual(upToCheckpoint.deadLetter);
  expect(written.late).toEqual(upToCheckpoint.late);
  expect(written.output).toEqual(closedOutput(upToCheckpoint));
  expect((await groupInfo(server.redis, 'sensors', job.group))?.get('last-delivered-id')).toBe(position);

  const rerun = await runCli(['run', JOB_FILE, '--drain', '--redis', server.url, ...LEASE]);
  expect(rerun.code, describeRun(rerun)).toBe(0);
  await expectExactlyOnce(server.redis, job, 20);
});
