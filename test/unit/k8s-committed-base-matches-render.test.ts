import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { k8sCommand } from '../../src/commands/k8s-command.js';
import { REPO_ROOT } from '../support/run-cli.js';

const out = mkdtempSync(join(tmpdir(), 'eddy-k8s-base-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('deploy/base is exactly what `eddy k8s examples/sensor-stats.ts --out deploy/base` renders now (re-run it after changing the job or the renderer)', async () => {
  const cwd = process.cwd();
  process.chdir(REPO_ROOT); // the header names the job file relative to the working directory
  try {
    await k8sCommand('examples/sensor-stats.ts', { out }, { write: () => {} }, { write: () => {} });
  } finally {
    process.chdir(cwd);
  }
  const committed = join(REPO_ROOT, 'deploy/base');
  expect(readdirSync(committed).sort()).toEqual(readdirSync(out).sort());
  for (const file of readdirSync(out)) {
    expect(readFileSync(join(committed, file), 'utf8'), `deploy/base/${file}`).toBe(readFileSync(join(out, file), 'utf8'));
  }
});
