import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { JobK8sNames } from './k8s-names.js';
import { objectMeta, type K8sObject } from './k8s-object.js';
import type { RenderOptions } from './render-options.js';

/**
 * Voluntary disruptions (drains, upgrades) take one pod at a time: the evicted pod releases its
 * leases on SIGTERM and the others take its partitions within seconds. `maxUnavailable: 1` rather
 * than `minAvailable: 1` here: a job with one partition runs one pod, and `minAvailable: 1` blocks
 * draining its node until someone moves the pod (the production overlay chooses exactly that).
 * Unready pods (waiting for a lease) may always be evicted: they process nothing.
 */
export function renderPodDisruptionBudget(names: JobK8sNames, opts: RenderOptions): K8sObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(names, names.base, opts.namespace),
    spec: {
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
      selector: { matchLabels: { ...names.selector } },
    },
  } satisfies IPodDisruptionBudget;
}
