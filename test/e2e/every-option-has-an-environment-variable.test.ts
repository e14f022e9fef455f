// Every `eddy` option can also be set from an environment variable (issue 7: Kubernetes users set
// options in the pod spec's env), and the variable is what the option reads. Exceptions: `--help`,
// and backtest's `--list` and repeatable `--param`, which are for a person at a terminal.

import { expect, it } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { loadJob } from '../support/sensor-oracle.js';

const server = useRedisServer();
const COMMANDS = ['run', 'produce', 'repartition', 'backtest', 'demo', 'k8s'];
const WITHOUT_ENV = new Set(['--help', '--list', '--param']);

/** The option blocks of `eddy <command> --help`: an option's line and its wrapped continuation lines. */
function optionBlocks(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf('Options:');
  const blocks: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^ {2}-/.test(line)) blocks.push(line.trim());
    else if (/^ {3,}\S/.test(line) && blocks.length > 0) blocks[blocks.length - 1] += ` ${line.trim()}`;
    else if (line.trim() === '') break;
  }
  return blocks;
}

it.each(COMMANDS)('every option of eddy %s names its environment variable', async (command) => {
  const help = await runCli([command, '--help']);
  expect(help.code, describeRun(help)).toBe(0);
  const blocks = optionBlocks(help.stdout);
  expect(blocks.length).toBeGreaterThan(1);
  const missing = blocks.filter((b) => !/\benv: [A-Z_]+/.test(b) && !WITHOUT_ENV.has(/--[a-z-]+/.exec(b)?.[0] ?? ''));
  expect(missing).toEqual([]);
});

it('the variables are what the options read: eddy produce sized by EDDY_PRODUCE_COUNT and EDDY_PRODUCE_KEYS', async () => {
  const file = 'test/e2e/fixtures/sensor-stats-partitioned.ts';
  const job = await loadJob(file);
  const run = await runCli(['produce', file], { env: { REDIS_URL: server.url, EDDY_PRODUCE_COUNT: '321', EDDY_PRODUCE_KEYS: '7' } });
  expect(run.code, describeRun(run)).toBe(0);
  let total = 0;
  const keys = new Set<string>();
  for (const stream of job.partitions) {
    const entries = await server.redis.xrange(stream, '-', '+');
    total += entries.length;
    for (const [, fields] of entries) keys.add(fields[fields.indexOf('sensor') + 1]!);
  }
  expect(total).toBe(321);
  expect(keys.size).toBe(7);
});
