import type { ResolvedJob } from '../job/resolved-job.js';
import { resolveRepartitionOptions } from '../repartition/repartition-options.js';
import { renderDeployment } from './deployment.js';
import { renderJobConfigMap } from './job-config-map.js';
import { k8sNames } from './k8s-names.js';
import type { Manifest } from './k8s-object.js';
import { renderMetricsService } from './metrics-service.js';
import { renderPodDisruptionBudget } from './pod-disruption-budget.js';
import { renderRepartitionDeployment } from './repartition-deployment.js';
import { renderRedisAclConfigMap } from './redis-acl-config-map.js';
import { validateRenderOptions, type RenderOptions } from './render-options.js';
import { renderScaledObject } from './scaled-object.js';
import { renderServiceMonitor } from './service-monitor.js';
import { renderTriggerAuthentication } from './trigger-authentication.js';

/**
 * Every object one job needs on Kubernetes, derived from its resolved definition (name, partition
 * streams, group, batch size) so the job file stays the single source of truth. In apply order:
 * what the Deployment mounts first, the autoscaler after what it scales.
 */
export function renderManifests(job: ResolvedJob, opts: RenderOptions): Manifest[] {
  validateRenderOptions(opts);
  const names = k8sNames(job);
  const from = opts.repartitionFrom;
  // Checked the way the stage itself checks it (a partition of the job cannot be the source).
  if (from !== undefined) resolveRepartitionOptions(job, { from });
  return [
    { file: 'configmap-job.yaml', object: renderJobConfigMap(names, opts) },
    { file: 'configmap-redis-acl.yaml', object: renderRedisAclConfigMap(job, names, opts) },
    { file: 'deployment.yaml', object: renderDeployment(names, opts) },
    ...(from === undefined ? [] : [{ file: 'deployment-repartition.yaml', object: renderRepartitionDeployment(names, { ...opts, repartitionFrom: from }) }]),
    { file: 'service.yaml', object: renderMetricsService(names, opts) },
    { file: 'pdb.yaml', object: renderPodDisruptionBudget(names, opts) },
    { file: 'triggerauthentication.yaml', object: renderTriggerAuthentication(names, opts) },
    { file: 'scaledobject.yaml', object: renderScaledObject(job, names, opts) },
    { file: 'servicemonitor.yaml', object: renderServiceMonitor(names, opts) },
  ];
}
