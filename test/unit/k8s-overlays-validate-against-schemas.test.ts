import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateK8sObject } from '../support/k8s-schemas.js';
import { renderKustomization } from '../support/kustomize-render.js';
import type { KObject } from '../support/kustomize-subset.js';

const dir = (d: string): string => fileURLToPath(new URL(`../../deploy/${d}`, import.meta.url));

type Container = { name: string; image: string; env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]; volumeMounts: { name: string; mountPath: string }[]; resources: { limits: Record<string, string> } };
const find = (objects: KObject[], kind: string, name: string): KObject => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name} in ${objects.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}`);
  return o;
};
const podSpec = (d: KObject): { containers: Container[]; volumes: { name: string; secret?: { secretName: string; items?: { key: string }[] } }[] } =>
  (d['spec'] as { template: { spec: never } }).template.spec;
const envOf = (d: KObject, name: string) => podSpec(d).containers[0]!.env.find((e) => e.name === name);

describe.each(['base', 'overlays/dev', 'overlays/production'])('deploy/%s', (d) => {
  const { objects, renderer } = renderKustomization(dir(d));

  it(`renders (${renderer}) to objects that each validate against their schema`, () => {
    expect(objects.length).toBeGreaterThanOrEqual(8);
    for (const o of objects) validateK8sObject(o);
  });

  it("labels every eddy object with app.kubernetes.io/name=eddy and the job's instance, and selects pods by exactly those", () => {
    const eddy = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'eddy');
    expect(eddy).toHaveLength(8);
    for (const o of eddy) expect(o.metadata.labels?.['app.kubernetes.io/instance']).toBe('sensor-stats');
    const selector = { 'app.kubernetes.io/name': 'eddy', 'app.kubernetes.io/instance': 'sensor-stats' };
    expect((find(objects, 'Deployment', 'sensor-stats')['spec'] as { selector: unknown }).selector).toEqual({ matchLabels: selector });
    expect((find(objects, 'Service', 'sensor-stats-metrics')['spec'] as { selector: unknown }).selector).toEqual(selector);
    expect((find(objects, 'PodDisruptionBudget', 'sensor-stats')['spec'] as { selector: unknown }).selector).toEqual({ matchLabels: selector });
    // Anything that is not eddy's (the dev Redis) must not be picked up by eddy's selectors.
    for (const o of objects.filter((x) => !eddy.includes(x))) expect(o.metadata.labels?.['app.kubernetes.io/name']).not.toBe('eddy');
  });
});

describe('deploy/overlays/dev', () => {
  const { objects } = renderKustomization(dir('overlays/dev'));

  it('adds a Redis StatefulSet and its Service, and points REDIS_URL and the KEDA address at it', () => {
    const redis = find(objects, 'StatefulSet', 'redis');
    expect((redis['spec'] as { serviceName: string }).serviceName).toBe('redis');
    expect(find(objects, 'Service', 'redis').metadata.namespace).toBe('eddy-dev');
    const deployment = find(objects, 'Deployment', 'sensor-stats');
    expect(envOf(deployment, 'REDIS_URL')).toEqual({ name: 'REDIS_URL', value: 'redis://redis:6379' });
    expect(envOf(deployment, 'REDIS_ADDRESS')?.value).toBe('redis:6379');
    expect(podSpec(deployment).containers[0]!.image).toBe('eddy:dev');
    for (const o of objects) expect(o.metadata.namespace).toBe('eddy-dev');
  });
});

describe('deploy/overlays/production', () => {
  const { objects } = renderKustomization(dir('overlays/production'));
  const deployment = find(objects, 'Deployment', 'sensor-stats');

  it('takes REDIS_URL (with the ACL user and password) and the KEDA address from a Secret, never from a literal', () => {
    expect(envOf(deployment, 'REDIS_URL')).toEqual({ name: 'REDIS_URL', valueFrom: { secretKeyRef: { name: 'eddy-redis', key: 'url' } } });
    expect(envOf(deployment, 'REDIS_ADDRESS')).toEqual({ name: 'REDIS_ADDRESS', valueFrom: { secretKeyRef: { name: 'eddy-redis', key: 'address' } } });
  });

  it('mounts only the Redis CA from the Secret and makes Node trust it', () => {
    const c = podSpec(deployment).containers[0]!;
    expect(envOf(deployment, 'NODE_EXTRA_CA_CERTS')?.value).toBe('/etc/eddy/redis-tls/ca.crt');
    expect(c.volumeMounts).toContainEqual({ name: 'redis-tls', mountPath: '/etc/eddy/redis-tls', readOnly: true });
    expect(podSpec(deployment).volumes.find((v) => v.name === 'redis-tls')?.secret).toEqual({ secretName: 'eddy-redis', items: [{ key: 'ca.crt', path: 'ca.crt' }] });
  });

  it('runs bigger pods from the production registry, keeps one pod through drains, and gives KEDA TLS credentials', () => {
    const c = podSpec(deployment).containers[0]!;
    expect(c.image).toBe('registry.example.com/eddy:0.1.0');
    expect(c.resources.limits).toEqual({ cpu: '4', memory: '1Gi' });
    expect((find(objects, 'PodDisruptionBudget', 'sensor-stats')['spec'] as Record<string, unknown>)).toMatchObject({ minAvailable: 1 });
    expect((find(objects, 'PodDisruptionBudget', 'sensor-stats')['spec'] as Record<string, unknown>)['maxUnavailable']).toBeUndefined();
    const auth = find(objects, 'TriggerAuthentication', 'sensor-stats-redis')['spec'] as { secretTargetRef: { parameter: string }[] };
    expect(auth.secretTargetRef.map((r) => r.parameter)).toEqual(['username', 'password', 'tls', 'ca']);
    for (const o of objects) expect(o.metadata.namespace).toBe('eddy');
  });
});
