// The `eddy` command line: parsing and wiring only.

import { Command, Option } from 'commander';
import { runCommand } from './commands/run-command.js';
import { demoCommand } from './commands/demo-command.js';

const program = new Command('eddy')
  .description('Windowed stream processing for Redis Streams, with a WebAssembly hot path')
  .showHelpAfterError();

program
  .command('run')
  .description('run a job: read its source streams, write window results, late events and dead letters')
  .argument('<job-file>', 'a .ts or .js file whose default export is defineJob({...})')
  .addOption(new Option('--redis <url>', 'Redis URL (redis:// or rediss://)').env('REDIS_URL').default('redis://127.0.0.1:6379'))
  .addOption(new Option('--drain', 'process what the input holds, close every window, commit and exit 0').env('EDDY_DRAIN'))
  .addOption(new Option('--workers <n>', 'worker threads (at most one per partition)').env('EDDY_WORKERS').argParser(positiveInt))
  .addOption(new Option('--progress-ms <ms>', 'how often to log progress; 0 for never').env('EDDY_PROGRESS_MS').argParser(nonNegativeInt).default(5000))
  .action((file: string, opts: { redis: string; drain?: boolean; workers?: number; progressMs: number }) => runCommand(file, opts));

program
  .command('demo')
  .description('start a throwaway redis-server (unless --redis/REDIS_URL), produce a sensor stream, run examples/sensor-stats.ts on it live')
  .addOption(new Option('--redis <url>', 'use this Redis instead of a throwaway one').env('REDIS_URL'))
  .addOption(new Option('--sensors <n>', 'number of sensors').argParser(positiveInt).default(500))
  .addOption(new Option('--seconds <n>', 'how long to produce, in wall-clock seconds').argParser(positiveInt).default(15))
  .addOption(new Option('--rate <n>', 'events produced per wall-clock second').argParser(positiveInt).default(100_000))
  .action((opts: { redis?: string; sensors: number; seconds: number; rate: number }) => demoCommand(opts));

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got "${v}"`);
  return n;
}
function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got "${v}"`);
  return n;
}

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`eddy: ${(e as Error).message ?? String(e)}\n`);
  process.exit(1);
});
