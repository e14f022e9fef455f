// A job file that cannot run is refused before anything touches Redis: exit 1, one `eddy: …` line
// naming the file or the option, and for a misspelt option the one that was meant. The job files
// live in a user's ESM project and import from 'eddy', as a user's would; no Redis is listening.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../../src/redis/throwaway-server.js';
import { describeRun, runCli, type CliResult } from '../support/run-cli.js';
import { jobSource, userProject, type UserProject } from '../support/user-project.js';

let project: UserProject;
let redis: string;

beforeAll(async () => {
  project = userProject({ type: 'module' });
  // Never reached: every case fails before connecting. A free port keeps it from being anyone's Redis.
  redis = `redis://127.0.0.1:${await freePort()}`;
});
afterAll(() => project.remove());

function stderrLine(run: CliResult): string {
  expect(run.code, describeRun(run)).toBe(1);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]!.startsWith('eddy: ')).toBe(true);
  expect(run.logs.some((l) => l.msg === 'job started')).toBe(false);
  return lines[0]!;
}

test('a misspelt option (outOfOrdernes) is named, with the option that was meant', async () => {
  const file = project.write('typo.ts', jobSource().replace('outOfOrderness:', 'outOfOrdernes:'));
  const line = stderrLine(await runCli(['run', file, '--redis', redis], { cwd: project.dir }));
  expect(line).toContain('"outOfOrdernes"');
  expect(line).toContain('did you mean "outOfOrderness"');
});

test('a misspelt nested option (sinks.deadletter) is named with its path and the right spelling', async () => {
  const file = project.write('nested-typo.ts', jobSource({ sinks: "sinks: { deadletter: 'x:dlq' }," }));
  const line = stderrLine(await runCli(['run', file, '--redis', redis], { cwd: project.dir }));
  expect(line).toContain('"sinks.deadletter"');
  expect(line).toContain('did you mean "sinks.deadLetter"');
});

test('an aggregate over a value the job does not define is named', async () => {
  const file = project.write('bad-aggregate.ts', jobSource().replace("sum: sum('value')", "sum: sum('valeu' as 'value')"));
  const line = stderrLine(await runCli(['run', file, '--redis', redis], { cwd: project.dir }));
  expect(line).toContain('"aggregates.sum"');
  expect(line).toContain('"valeu"');
});

test('a job file that does not exist is named, resolved to its absolute path', async () => {
  const line = stderrLine(await runCli(['run', 'no-such-job.ts', '--redis', redis], { cwd: project.dir }));
  expect(line).toBe(`eddy: job file not found: ${project.dir}/no-such-job.ts`);
});

test('a job file without a default export says how to end it', async () => {
  const file = project.write('no-default.ts', "import { defineJob } from 'eddy';\nexport const job = defineJob;\n");
  const line = stderrLine(await runCli(['run', file, '--redis', redis], { cwd: project.dir }));
  expect(line).toContain('no-default.ts has no default export');
  expect(line).toContain('export default defineJob(');
});
