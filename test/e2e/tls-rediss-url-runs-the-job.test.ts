// `rediss://`: sensor-stats drains over TLS against a redis-server that listens on a TLS port only,
// its certificate signed by a CA made for the test — trusted through --tls-ca, EDDY_TLS_CA_FILE or
// Node's own NODE_EXTRA_CA_CERTS — and writes exactly what the oracle says. Command connections
// (ioredis) and the partition's bare reader socket both go through TLS and AUTH; the password never
// appears in the output, neither when it works nor when the certificate is not trusted.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { freePort } from '../../src/redis/throwaway-server.js';
import { describeRun, finishedSummary, runCli, type CliResult } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { readRaw, readSinks, xaddAll } from '../support/stream-io.js';
import { startTlsRedis, type TlsRedis } from '../support/tls-redis-server.js';

const PASSWORD = 'tls-s3cr3t-5b8e21';
let server: TlsRedis;

beforeAll(async () => {
  server = await startTlsRedis({ password: PASSWORD });
}, 60_000);
afterAll(() => server?.stop());
beforeEach(() => server.redis.flushall());

const url = (): string => `rediss://:${PASSWORD}@127.0.0.1:${server.port}`;

async function drainAndCompare(run: () => Promise<CliResult>): Promise<void> {
  const job = await loadJob('examples/sensor-stats.ts');
  const input = sensorEntries({ seed: 443, count: 2500, sensors: 16 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  const result = await run();
  expect(result.code, describeRun(result)).toBe(0);
  expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  expect(result.logs.find((l) => l.msg === 'job started')?.['redis']).toBe(`rediss://:***@127.0.0.1:${server.port}`);
  expect(finishedSummary(result)['entries']).toBe(input.length);
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const written = await readSinks(server.redis, job.sinks);
  expect(written.output.length).toBeGreaterThan(50);
  expect(written.output).toEqual(expected.output);
  expect(written.late).toEqual(expected.late);
  expect(written.deadLetter).toEqual(expected.deadLetter);
}

describe('sensor-stats --drain over TLS matches the oracle', () => {
  test('CA given with --tls-ca', async () => {
    await drainAndCompare(() => runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', url(), '--tls-ca', server.caFile]));
  }, 120_000);

  test('CA given with EDDY_TLS_CA_FILE, URL with REDIS_URL', async () => {
    await drainAndCompare(() => runCli(['run', 'examples/sensor-stats.ts', '--drain'], { env: { REDIS_URL: url(), EDDY_TLS_CA_FILE: server.caFile } }));
  }, 120_000);

  test("CA trusted through Node's NODE_EXTRA_CA_CERTS (what the production overlay does)", async () => {
    await drainAndCompare(() => runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', url()], { env: { NODE_EXTRA_CA_CERTS: server.caFile } }));
  }, 120_000);
});

test('eddy produce and eddy repartition take the same --tls-ca: a stream produced and copied over TLS', async () => {
  const JOB = 'test/e2e/fixtures/sensor-stats-8-partitions.ts';
  const job = await loadJob(JOB);
  const produced = await runCli(['produce', 'examples/sensor-stats.ts', '--redis', url(), '--tls-ca', server.caFile, '--count', '3000']);
  expect(produced.code, describeRun(produced)).toBe(0);
  expect(await server.redis.xlen('sensors')).toBe(3000);
  // The plain stream `sensors` is the 8-partition job's unpartitioned source.
  const stage = await runCli(['repartition', JOB, '--from', 'sensors', '--drain', '--redis', url(), '--tls-ca', server.caFile]);
  expect(stage.code, describeRun(stage)).toBe(0);
  expect(stage.stdout + stage.stderr + produced.stdout + produced.stderr).not.toContain(PASSWORD);
  const lengths = await Promise.all(job.partitions.map((s) => server.redis.xlen(s)));
  expect(lengths.reduce((a, b) => a + b, 0)).toBe(3000);
}, 120_000);

describe('failures are clear and never show the password', () => {
  function expectRefusal(run: CliResult, shown: string, cause: RegExp): void {
    expect(run.code, describeRun(run)).toBe(1);
    expect(run.timedOut).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).toContain(shown);
    expect(run.stderr).toMatch(cause);
  }

  test('a server certificate signed by a CA nobody trusts: exit 1, the certificate named as the cause', async () => {
    const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', url()], { timeoutMs: 30_000 });
    expectRefusal(run, `rediss://:***@127.0.0.1:${server.port}`, /certificate/i);
  });

  test('a rediss:// URL with a password on a port where nothing listens', async () => {
    const port = await freePort();
    const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', `rediss://user:${PASSWORD}@127.0.0.1:${port}`, '--tls-ca', server.caFile], { timeoutMs: 30_000 });
    expectRefusal(run, `rediss://user:***@127.0.0.1:${port}`, /start redis-server/);
  });

  test('a wrong password over TLS: Redis refuses it, the error says so, the password (right or wrong) stays hidden', async () => {
    const wrong = `${PASSWORD}-wrong`;
    const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', `rediss://:${wrong}@127.0.0.1:${server.port}`, '--tls-ca', server.caFile], { timeoutMs: 30_000 });
    expectRefusal(run, `rediss://:***@127.0.0.1:${server.port}`, /WRONGPASS|invalid/i);
  });

  test('a CA file that does not exist is named, and not retried for a minute', async () => {
    const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', url(), '--tls-ca', '/nonexistent/ca.pem'], { timeoutMs: 30_000 });
    expectRefusal(run, '/nonexistent/ca.pem', /ENOENT/);
  });

  test('a CA file with a redis:// URL is refused: it would not be used', async () => {
    const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', `redis://:${PASSWORD}@127.0.0.1:${server.port}`, '--tls-ca', server.caFile], { timeoutMs: 30_000 });
    expectRefusal(run, `redis://:***@127.0.0.1:${server.port}`, /rediss:\/\//);
  });
});
