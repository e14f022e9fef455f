import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderManifests } from '../../src/k8s/render-manifests.js';
import { loadJobFile } from '../../src/runtime/load-job-file.js';
import { validateK8sObject } from '../support/k8s-schemas.js';

const jobFiles = ['examples/sensor-stats.ts', 'examples/sensor-hopping.ts', 'test/e2e/fixtures/sensor-stats-partitioned.ts'];

describe('every object renderManifests produces validates against its Kubernetes / KEDA / prometheus-operator schema', () => {
  for (const file of jobFiles) {
    it(file, async () => {
      const path = fileURLToPath(new URL(`../../${file}`, import.meta.url));
      const job = await loadJobFile(path);
      const manifests = renderManifests(job, { image: 'eddy:test', namespace: 'streams', jobFile: { name: 'job.ts', text: readFileSync(path, 'utf8') } });
      expect(manifests.map((m) => m.object.kind).sort()).toEqual(
        ['ConfigMap', 'ConfigMap', 'Deployment', 'PodDisruptionBudget', 'ScaledObject', 'Service', 'ServiceMonitor', 'TriggerAuthentication'],
      );
      for (const { object } of manifests) {
        validateK8sObject(object);
        expect(object.metadata.namespace).toBe('streams');
        expect(object.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'eddy', 'app.kubernetes.io/instance': job.name });
      }
    });
  }

  it('a job name Kubernetes cannot take as is becomes a valid name, distinct from the plain one', async () => {
    const path = fileURLToPath(new URL('../../examples/sensor-stats.ts', import.meta.url));
    const job = { ...(await loadJobFile(path)), name: 'Sensor_Stats:v2' };
    const manifests = renderManifests(job, { image: 'eddy:test', jobFile: { name: 'job.ts', text: '' } });
    for (const { object } of manifests) {
      validateK8sObject(object);
      expect(object.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(object.metadata.name.startsWith('sensor-stats-v2-')).toBe(true);
    }
  });
});
