// The part of `kustomize build` that deploy/overlays use, for machines without kubectl: resources
// (files and directories), namespace, images, labels / commonLabels, and patches — strategic merge
// for built-in kinds (lists merged by their Kubernetes merge key), JSON merge patch (RFC 7386) for
// custom resources, `null` deleting a field in both. Anything else in a kustomization is refused
// by name, so an overlay that outgrows this subset fails loudly instead of rendering wrongly.
// test/unit/kustomize-subset-agrees-with-kubectl.test.ts checks it against kubectl where present.

import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export type KObject = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'labels', 'commonLabels', 'patches']);

/** Strategic-merge keys of the list fields our patches touch (from the Kubernetes API types). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath',
  ports: 'containerPort', imagePullSecrets: 'name', tolerations: 'key',
};

const WORKLOADS_WITH_TEMPLATE = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function kustomizeSubset(dir: string): KObject[] {
  const k = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Record<string, unknown>;
  for (const key of Object.keys(k)) if (!SUPPORTED.has(key)) throw new Error(`${dir}/kustomization.yaml: "${key}" is outside the kustomize subset; render with kubectl kustomize`);
  let objects: KObject[] = [];
  for (const r of (k['resources'] as string[] | undefined) ?? []) {
    const path = resolve(dir, r);
    objects.push(...(statSync(path).isDirectory() ? kustomizeSubset(path) : readObjects(path)));
  }
  for (const p of (k['patches'] as { path?: string; patch?: string; target?: unknown }[] | undefined) ?? []) {
    if (p.target !== undefined) throw new Error(`${dir}: patch targets are outside the subset; name the object in the patch itself`);
    const docs = p.path !== undefined ? readObjects(resolve(dir, p.path)) : parseAllDocuments(p.patch ?? '').map((d) => d.toJS() as KObject);
    for (const patch of docs) {
      const i = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (i < 0) throw new Error(`${dir}: patch for ${patch.kind}/${patch.metadata.name} matches no resource`);
      objects[i] = (builtIn(patch.apiVersion) ? strategicMerge(objects[i], patch, '') : mergePatch(objects[i], patch)) as KObject;
    }
  }
  const namespace = k['namespace'] as string | undefined;
  if (namespace !== undefined) objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, namespace } }));
  for (const img of (k['images'] as { name: string; newName?: string; newTag?: string; digest?: string }[] | undefined) ?? []) {
    for (const o of objects) for (const c of containersOf(o)) c['image'] = retag(c['image'] as string, img);
  }
  const labelSets = ((k['labels'] as { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[] | undefined) ?? []).slice();
  if (k['commonLabels'] !== undefined) labelSets.push({ pairs: k['commonLabels'] as Record<string, string>, includeSelectors: true, includeTemplates: true });
  for (const set of labelSets) for (const o of objects) addLabels(o, set.pairs, set.includeSelectors === true, set.includeTemplates === true || set.includeSelectors === true);
  return objects;
}

function readObjects(path: string): KObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS() as KObject | null).filter((o): o is KObject => o !== null);
}

/** Core and `*.k8s.io` groups have strategic-merge metadata; custom resources do not. */
function builtIn(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  return !group.includes('.') || group.endsWith('.k8s.io');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function strategicMerge(target: unknown, patch: unknown, field: string): unknown {
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (key === undefined || !Array.isArray(target)) return patch;
    const out = target.map((x) => x as unknown);
    for (const item of patch as Record<string, unknown>[]) {
      if (isRecord(item) && Object.keys(item).some((k) => k.startsWith('$'))) throw new Error(`strategic-merge directive in ${field} is outside the subset`);
      const at = out.findIndex((x) => isRecord(x) && x[key] === item[key]);
      if (at < 0) out.push(strategicMerge(undefined, item, ''));
      else out[at] = strategicMerge(out[at], item, '');
    }
    return out;
  }
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [k, value] of Object.entries(patch)) {
    if (k.startsWith('$')) throw new Error(`strategic-merge directive ${k} is outside the subset`);
    if (value === null) delete out[k];
    else out[k] = strategicMerge(out[k], value, k);
  }
  return out;
}

function podSpecOf(o: KObject): Record<string, unknown> | undefined {
  if (!WORKLOADS_WITH_TEMPLATE.has(o.kind)) return undefined;
  const template = (o['spec'] as Record<string, unknown> | undefined)?.['template'] as Record<string, unknown> | undefined;
  return template?.['spec'] as Record<string, unknown> | undefined;
}

function containersOf(o: KObject): Record<string, unknown>[] {
  const spec = podSpecOf(o);
  return spec === undefined ? [] : [...((spec['initContainers'] as Record<string, unknown>[] | undefined) ?? []), ...((spec['containers'] as Record<string, unknown>[] | undefined) ?? [])];
}

function retag(image: string, img: { name: string; newName?: string; newTag?: string; digest?: string }): string {
  const m = /^(.+?)(?::([^:/@]+))?(?:@(.+))?$/.exec(image);
  if (!m || m[1] !== img.name) return image;
  const name = img.newName ?? m[1];
  if (img.digest !== undefined) return `${name}@${img.digest}`;
  const tag = img.newTag ?? m[2];
  return tag === undefined ? name : `${name}:${tag}`;
}

function addLabels(o: KObject, pairs: Record<string, string>, selectors: boolean, templates: boolean): void {
  o.metadata.labels = { ...(o.metadata.labels ?? {}), ...pairs };
  const spec = o['spec'] as Record<string, unknown> | undefined;
  if (spec === undefined) return;
  if (templates && WORKLOADS_WITH_TEMPLATE.has(o.kind)) {
    const template = spec['template'] as { metadata?: { labels?: Record<string, string> } };
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), ...pairs } };
    // kustomize labels a StatefulSet's volume claim templates as templates too.
    for (const claim of (spec['volumeClaimTemplates'] as { metadata?: { labels?: Record<string, string> } }[] | undefined) ?? []) {
      claim.metadata = { ...(claim.metadata ?? {}), labels: { ...(claim.metadata?.labels ?? {}), ...pairs } };
    }
  }
  if (selectors) {
    if (o.kind === 'Service') spec['selector'] = { ...((spec['selector'] as Record<string, string> | undefined) ?? {}), ...pairs };
    const sel = spec['selector'] as { matchLabels?: Record<string, string> } | undefined;
    if (o.kind !== 'Service' && sel !== undefined) sel.matchLabels = { ...(sel.matchLabels ?? {}), ...pairs };
  }
}
