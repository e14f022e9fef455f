import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { expect, it } from 'vitest';
import { describeRun, runCli } from '../support/run-cli.js';
import { validateK8sObject } from '../support/k8s-schemas.js';

it('`eddy k8s <job-file>` prints one YAML document per object, each valid for its kind', async () => {
  const r = await runCli(['k8s', 'test/e2e/fixtures/sensor-stats-partitioned.ts', '--image', 'registry.example.com/eddy:1.2.3', '--namespace', 'streams']);
  expect(r.code, describeRun(r)).toBe(0);
  const docs = parseAllDocuments(r.stdout);
  for (const d of docs) expect(d.errors, describeRun(r)).toEqual([]);
  const objects = docs.map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string } });
  expect(objects).toHaveLength(8);
  for (const o of objects) {
    validateK8sObject(o);
    expect(o.metadata.namespace).toBe('streams');
  }
  const deployment = JSON.stringify(objects.find((o) => o.kind === 'Deployment'));
  expect(deployment).toContain('"image":"registry.example.com/eddy:1.2.3"');
  expect(deployment).toContain('"/app/jobs/sensor-stats-partitioned.ts"');
  // The fixture imports ../../../examples/sensor-stats.js, which the ConfigMap cannot carry: say so.
  expect(r.stderr).toMatch(/warning: .* imports \.\.\/\.\.\/\.\.\/examples\/sensor-stats\.js/);
});

it('`eddy k8s` on an invalid job file renders nothing and names the problem, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-k8s-cli-'));
  try {
    const file = join(dir, 'bad-job.mjs');
    writeFileSync(file, "export default { name: 'bad-job' };\n");
    const r = await runCli(['k8s', file]);
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^eddy: job "bad-job": option "source"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
