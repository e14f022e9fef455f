// A job file is TypeScript importing from 'eddy'. In an ESM package it loads as it is; `npm init`
// writes a package.json without "type", which makes a .ts file CommonJS, and loading eddy's
// dependencies a second time as CommonJS fails obscurely — so eddy refuses such a file with the two
// ways out (rename to .mts, or "type": "module"), and a .mts file loads anywhere.

import { afterAll, expect, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, runCli } from '../support/run-cli.js';
import { jobSource, userProject, type UserProject } from '../support/user-project.js';

const server = useRedisServer();
const projects: UserProject[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

test.each([
  ['a .ts job file in an ESM package ("type": "module")', { type: 'module' as const }, 'job.ts'],
  ['a .mts job file in a package.json without "type" (npm init)', {}, 'job.mts'],
  ['a .mts job file in a directory without package.json', { package: false }, 'job.mts'],
])('%s loads and runs', async (_where, options, name) => {
  const project = userProject(options);
  projects.push(project);
  const file = project.write(name, jobSource());
  const run = await runCli(['run', file, '--drain', '--redis', server.url], { cwd: project.dir });
  expect(run.code, describeRun(run)).toBe(0);
  expect(run.logs.at(-1)?.msg).toBe('job finished');
});

test.each([
  ['a package.json without "type" (npm init: CommonJS)', {}],
  ['a directory without package.json', { package: false }],
])('a .ts job file in %s is refused with the way out', async (_where, options) => {
  const project = userProject(options);
  projects.push(project);
  const file = project.write('job.ts', jobSource());
  const run = await runCli(['run', file, '--drain', '--redis', server.url], { cwd: project.dir });
  expect(run.code, describeRun(run)).toBe(1);
  expect(run.stderr).toContain('would load as CommonJS');
  expect(run.stderr).toContain('rename it to .mts');
});

test('a .mts job file without a default export gets the no-default-export message', async () => {
  const project = userProject({});
  projects.push(project);
  const file = project.write('no-default.mts', 'export const x = 1;\n');
  const run = await runCli(['run', file, '--redis', server.url], { cwd: project.dir });
  expect(run.code, describeRun(run)).toBe(1);
  expect(run.stderr).toContain('no-default.mts has no default export');
});
