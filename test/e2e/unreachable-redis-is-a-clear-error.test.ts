// Pointing eddy at a Redis that is not there fails fast: exit 1, one `eddy: …` line on stderr that
// names the URL and says to start redis-server or set --redis / REDIS_URL, and never the password.

import { expect, test } from 'vitest';
import { freePort } from '../../src/redis/throwaway-server.js';
import { describeRun, runCli, type CliResult } from '../support/run-cli.js';

const SECRET = 'n0t-f0r-l0gs';

function expectClearError(run: CliResult, port: number): void {
  expect(run.code, describeRun(run)).toBe(1);
  expect(run.timedOut).toBe(false);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  const line = lines[0]!;
  expect(line.startsWith('eddy: ')).toBe(true);
  expect(line).toContain(`redis://user:***@127.0.0.1:${port}`);
  expect(line).toContain('start redis-server');
  expect(line).toContain('--redis');
  expect(line).toContain('REDIS_URL');
  expect(run.stdout + run.stderr).not.toContain(SECRET);
}

test('--redis naming a port with nothing listening: exit 1, one line naming the redacted URL and what to do', async () => {
  const port = await freePort();
  const run = await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', `redis://user:${SECRET}@127.0.0.1:${port}`], { timeoutMs: 30_000 });
  expectClearError(run, port);
});

test('the same through REDIS_URL, without --drain: exit 1, password never printed', async () => {
  const port = await freePort();
  const run = await runCli(['run', 'examples/sensor-stats.ts'], { env: { REDIS_URL: `redis://user:${SECRET}@127.0.0.1:${port}` }, timeoutMs: 30_000 });
  expectClearError(run, port);
});

test('a password containing "@" (a URL that parses and connects) is masked whole, not up to its first "@"', async () => {
  // WHATWG URL parsing ends the user info at the last "@", so this is user "user", password "p@<SECRET>".
  const port = await freePort();
  const run = await runCli(['run', 'examples/sensor-stats.ts', '--redis', `redis://user:p@${SECRET}@127.0.0.1:${port}`], { timeoutMs: 30_000 });
  expect(run.code, describeRun(run)).toBe(1);
  expect(run.stdout + run.stderr).not.toContain(SECRET);
  expect(run.stderr).toContain(`redis://user:***@127.0.0.1:${port}`);
});
