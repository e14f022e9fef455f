// A key the job needs as a stream but which holds something else is a set-up error: exit 1 with one
// `eddy: …` line naming the key and what to do, not a Redis error from deep inside a commit.

import { beforeEach, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli, type CliResult } from '../support/run-cli.js';

const server = useRedisServer();
beforeEach(() => server.reset());

function stderrLine(run: CliResult): string {
  expect(run.code, describeRun(run)).toBe(1);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]!.startsWith('eddy: ')).toBe(true);
  return lines[0]!;
}

test('the source key holding a string (SET sensors x): the key is named, with what to do', async () => {
  await server.redis.set('sensors', 'x');
  const line = stderrLine(await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', server.url]));
  expect(line).toContain('"sensors"');
  expect(line).toContain('not a stream');
  expect(await server.redis.get('sensors')).toBe('x');
});

test.each(['sensor-stats:out', 'sensor-stats:late', 'sensor-stats:dlq'])('a sink key holding a string (%s): the key is named, nothing is committed', async (sink) => {
  await server.redis.xadd('sensors', '*', 'sensor', 'a', 'value', '1', 'ts', '1000');
  await server.redis.xadd('sensors', '*', 'sensor', 'a', 'value', '1', 'ts', '999999');
  await server.redis.xadd('sensors', '*', 'sensor', 'a', 'value', 'x', 'ts', '1000'); // dead letter
  await server.redis.xadd('sensors', '*', 'sensor', 'a', 'value', '2', 'ts', '1000'); // late
  await server.redis.set(sink, 'x');
  const line = stderrLine(await runCli(['run', 'examples/sensor-stats.ts', '--drain', '--redis', server.url]));
  expect(line).toContain(`"${sink}"`);
  expect(line).toContain('not a stream');
  expect(await server.redis.get(sink)).toBe('x');
});
