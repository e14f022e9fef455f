import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { JobK8sNames } from './k8s-names.js';
import { objectMeta, type K8sObject } from './k8s-object.js';
import type { RenderOptions } from './render-options.js';

/**
 * The job file itself, mounted at /app/jobs: the pods run exactly the file the manifests were
 * rendered from. The Deployment's pod template carries the file's hash, so a changed file rolls
 * the pods (a mounted ConfigMap alone would change under running processes that never reread it).
 */
export function renderJobConfigMap(names: JobK8sNames, opts: RenderOptions): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(names, names.jobConfigMap, opts.namespace),
    data: { [opts.jobFile.name]: opts.jobFile.text },
  } satisfies IConfigMap;
}
