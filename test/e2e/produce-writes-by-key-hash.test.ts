// `eddy produce` fills a job's source: on a partitioned job every key's entries land in the
// partition its hash names (and only there), the entries have the job's fields, and the job
// processes them with no dead letters. The same seed writes the same entries.

import { expect, test } from 'vitest';
import { partitionOfKey } from '../../src/producer/partitioned-producer.js';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { readRaw, readSinks } from '../support/stream-io.js';

const server = useRedisServer();
const FILE = 'test/e2e/fixtures/sensor-stats-partitioned.ts';

test('a partitioned job’s source is filled by key hash with entries the job accepts', async () => {
  const job = await loadJob(FILE);
  const run = await runCli(['produce', FILE, '--redis', server.url, '--count', '5000', '--keys', '60', '--seed', '3']);
  expect(run.code, describeRun(run)).toBe(0);
  expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ job: job.name, entries: 5000 });

  let total = 0;
  const keysSeen = new Set<string>();
  for (let p = 0; p < job.partitions.length; p++) {
    const entries = await readRaw(server.redis, job.partitions[p]!);
    total += entries.length;
    for (const e of entries) {
      const fields = new Map((e.fields ?? []).map(([k, v]) => [k.toString(), v.toString()]));
      expect([...fields.keys()].sort()).toEqual(['sensor', 'ts', 'value']);
      const key = fields.get('sensor')!;
      keysSeen.add(key);
      expect(partitionOfKey(key, job.partitions.length), `${key} in partition ${p}`).toBe(p);
    }
    expect(entries.length).toBeGreaterThan(0);
  }
  expect(total).toBe(5000);
  expect(keysSeen.size).toBe(60);

  const drain = await runCli(['run', FILE, '--drain', '--redis', server.url]);
  expect(drain.code, describeRun(drain)).toBe(0);
  const written = await readSinks(server.redis, job.sinks);
  expect(written.deadLetter).toEqual([]);
  let expectedResults = 0;
  for (const stream of job.partitions) expectedResults += expectedSinks(job, await readRaw(server.redis, stream)).output.length;
  expect(written.output.length).toBe(expectedResults);
});

test('the same seed writes the same entries', async () => {
  await server.reset();
  const job = await loadJob('examples/sensor-stats.ts');
  const fieldsOf = async () => (await readRaw(server.redis, 'sensors')).map((e) => (e.fields ?? []).flat().map(String).join(' '));
  const args = ['produce', 'examples/sensor-stats.ts', '--redis', server.url, '--count', '300', '--seed', '9', '--step-ms', '5'];
  expect((await runCli(args)).code).toBe(0);
  const first = await fieldsOf();
  await server.reset();
  expect((await runCli(args)).code).toBe(0);
  // Event times start at the current second, so compare everything but them.
  const strip = (xs: string[]) => xs.map((x) => x.replace(/ts \d+/, 'ts _'));
  expect(strip(await fieldsOf())).toEqual(strip(first));
  expect(first).toHaveLength(300);
  expect(job.partitions).toEqual(['sensors']);
});
