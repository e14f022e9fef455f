// `eddy k8s <job> --repartition-from <stream>` adds the repartition stage to the job's manifests: a
// Deployment of one replica running `eddy repartition` on the same job file, and its Redis user's
// ACL rule in the ACL ConfigMap. Its pods are the stage's alone: the job's selector (which its
// Service, PDB, ServiceMonitor and KEDA's scale target use) does not match them.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderManifests } from '../../src/k8s/render-manifests.js';
import { repartitionAclRule } from '../../src/k8s/redis-acl.js';
import { loadJobFile } from '../../src/runtime/load-job-file.js';
import { validateK8sObject } from '../support/k8s-schemas.js';

const path = fileURLToPath(new URL('../../test/e2e/fixtures/sensor-stats-8-partitions.ts', import.meta.url));

interface PodTemplate {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: { containers: { args: string[]; env: { name: string; value?: string }[] }[] } };
  };
}

const matches = (selector: Record<string, string>, labels: Record<string, string>): boolean => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('the repartition stage beside the job', () => {
  it('renders a valid one-replica Deployment running the stage, and its ACL rule', async () => {
    const job = await loadJobFile(path);
    const manifests = renderManifests(job, { image: 'eddy:test', namespace: 'streams', jobFile: { name: 'job.ts', text: readFileSync(path, 'utf8') }, repartitionFrom: 'sensors-raw' });
    for (const { object } of manifests) validateK8sObject(object);
    const deployments = manifests.filter((m) => m.object.kind === 'Deployment').map((m) => m.object as unknown as PodTemplate & { metadata: { name: string } });
    expect(deployments.map((d) => d.metadata.name)).toEqual(['sensor-stats', 'sensor-stats-repartition']);
    const jobDeployment = deployments[0]!;
    const stage = deployments[1]!;

    expect(stage.spec.replicas).toBe(1);
    const container = stage.spec.template.spec.containers[0]!;
    expect(container.args).toEqual(['repartition', '/app/jobs/job.ts']);
    expect(container.env).toContainEqual({ name: 'EDDY_REPARTITION_FROM', value: 'sensors-raw' });
    expect(matches(stage.spec.selector.matchLabels, stage.spec.template.metadata.labels)).toBe(true);
    // The job's selector must not take the stage's pods for its own, nor the other way round.
    expect(matches(jobDeployment.spec.selector.matchLabels, stage.spec.template.metadata.labels)).toBe(false);
    expect(matches(stage.spec.selector.matchLabels, jobDeployment.spec.template.metadata.labels)).toBe(false);
    for (const m of manifests) {
      const selector = (m.object['spec'] as { selector?: Record<string, string> | { matchLabels?: Record<string, string> } } | undefined)?.selector;
      if (m.object.kind === 'Service' || m.object.kind === 'PodDisruptionBudget' || m.object.kind === 'ServiceMonitor') {
        const labels = (selector as { matchLabels?: Record<string, string> })?.matchLabels ?? (selector as Record<string, string>);
        expect(matches(labels, stage.spec.template.metadata.labels), `${m.object.kind} selects the stage's pods`).toBe(false);
      }
    }

    const acl = manifests.find((m) => m.object.metadata.name.endsWith('-redis-acl'))!.object as unknown as { data: Record<string, string> };
    expect(acl.data['repartition.acl']).toBe(`${repartitionAclRule(job, 'sensors-raw')}\n`);
  });

  it('without --repartition-from nothing of the stage is rendered', async () => {
    const job = await loadJobFile(path);
    const manifests = renderManifests(job, { image: 'eddy:test', jobFile: { name: 'job.ts', text: '' } });
    expect(manifests.filter((m) => m.object.kind === 'Deployment')).toHaveLength(1);
    const acl = manifests.find((m) => m.object.metadata.name.endsWith('-redis-acl'))!.object as unknown as { data: Record<string, string> };
    expect(Object.keys(acl.data).sort()).toEqual(['job.acl', 'scaler.acl']);
  });

  it('a partition of the job as the source is refused, as the stage itself refuses it', async () => {
    const job = await loadJobFile(path);
    expect(() => renderManifests(job, { image: 'eddy:test', jobFile: { name: 'job.ts', text: '' }, repartitionFrom: job.partitions[2]! })).toThrow(/is a stream the stage writes/);
  });
});
