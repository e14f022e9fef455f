import type { ITriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import type { JobK8sNames } from './k8s-names.js';
import { objectMeta, type K8sObject } from './k8s-object.js';
import type { RenderOptions } from './render-options.js';

/**
 * How KEDA logs in to Redis for the job's triggers. Empty in the base (a dev Redis without
 * password or TLS); an overlay adds `secretTargetRef`s (username, password, tls, ca) to this one
 * object instead of patching every per-partition trigger.
 */
export function renderTriggerAuthentication(names: JobK8sNames, opts: RenderOptions): K8sObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: objectMeta(names, names.triggerAuthentication, opts.namespace),
    spec: {},
  } satisfies ITriggerAuthentication;
}
