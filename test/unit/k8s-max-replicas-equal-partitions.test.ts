import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { renderManifests } from '../../src/k8s/render-manifests.js';
import { loadJobFile } from '../../src/runtime/load-job-file.js';

type Trigger = { type: string; name: string; metadata: Record<string, string>; authenticationRef: { name: string } };
type ScaledObjectSpec = {
  minReplicaCount: number;
  maxReplicaCount: number;
  triggers: Trigger[];
  advanced: { scalingModifiers?: { formula: string; target: string; metricType: string } };
};

async function scaledObjectOf(file: string): Promise<ScaledObjectSpec> {
  const job = await loadJobFile(fileURLToPath(new URL(`../../${file}`, import.meta.url)));
  const so = renderManifests(job, { image: 'eddy:test', jobFile: { name: 'job.ts', text: '' } }).find((m) => m.object.kind === 'ScaledObject');
  return so!.object['spec'] as ScaledObjectSpec;
}

it('a job with 4 partitions scales to at most 4 replicas, on the summed lag of one trigger per partition stream', async () => {
  const spec = await scaledObjectOf('test/e2e/fixtures/sensor-stats-partitioned.ts');
  expect(spec.maxReplicaCount).toBe(4);
  expect(spec.triggers.map((t) => t.metadata['stream'])).toEqual(['sensors:{sensors:0}', 'sensors:{sensors:1}', 'sensors:{sensors:2}', 'sensors:{sensors:3}']);
  for (const t of spec.triggers) {
    expect(t.type).toBe('redis-streams');
    expect(t.metadata).toMatchObject({ consumerGroup: 'sensor-stats', lagCount: '1000', addressFromEnv: 'REDIS_ADDRESS' });
    expect(t.authenticationRef.name).toBe('sensor-stats-redis');
  }
  // batchSize 100 in the fixture: ten batches of backlog per replica.
  expect(spec.advanced.scalingModifiers).toEqual({ formula: 'p0 + p1 + p2 + p3', target: '1000', activationTarget: '100', metricType: 'AverageValue' });
});

it('an unpartitioned job reads its one plain stream, scales to one replica and needs no formula', async () => {
  const spec = await scaledObjectOf('examples/sensor-stats.ts');
  expect(spec.maxReplicaCount).toBe(1);
  expect(spec.minReplicaCount).toBe(1);
  expect(spec.triggers.map((t) => t.metadata['stream'])).toEqual(['sensors']);
  expect(spec.advanced.scalingModifiers).toBeUndefined();
});
