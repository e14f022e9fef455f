import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { ResolvedJob } from '../job/resolved-job.js';
import type { JobK8sNames } from './k8s-names.js';
import { objectMeta, type K8sObject } from './k8s-object.js';
import type { RenderOptions } from './render-options.js';
import { jobAclRule, repartitionAclRule, scalerAclRule } from './redis-acl.js';

/**
 * The Redis ACL rules for the job, for KEDA's scaler and (when rendered) the repartition stage, for whoever administers Redis (nothing in
 * the cluster reads this ConfigMap). Neither rule sets a password: add one with `><password>`.
 */
export function renderRedisAclConfigMap(job: ResolvedJob, names: JobK8sNames, opts: RenderOptions): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(names, names.aclConfigMap, opts.namespace),
    data: {
      'job.acl': `${jobAclRule(job)}\n`,
      'scaler.acl': `${scalerAclRule(job)}\n`,
      ...(opts.repartitionFrom === undefined ? {} : { 'repartition.acl': `${repartitionAclRule(job, opts.repartitionFrom)}\n` }),
    },
  } satisfies IConfigMap;
}
