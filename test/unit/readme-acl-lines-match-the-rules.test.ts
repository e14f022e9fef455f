import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { jobAclRule, scalerAclRule } from '../../src/k8s/redis-acl.js';
import { loadJobFile } from '../../src/runtime/load-job-file.js';

it("README's ACL lines for sensor-stats are what jobAclRule and scalerAclRule return", async () => {
  const job = await loadJobFile(fileURLToPath(new URL('../../examples/sensor-stats.ts', import.meta.url)));
  const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
  expect(readme).toContain(`\n${jobAclRule(job)}\n`);
  expect(readme).toContain(`\n${scalerAclRule(job)}\n`);
});
