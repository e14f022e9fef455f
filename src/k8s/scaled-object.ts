import type { IScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import type { ResolvedJob } from '../job/resolved-job.js';
import type { JobK8sNames } from './k8s-names.js';
import { objectMeta, type K8sObject } from './k8s-object.js';
import type { RenderOptions } from './render-options.js';

/** Backlog per replica (entries) that asks for another replica: ten batches behind. */
export function lagPerReplica(job: Pick<ResolvedJob, 'batchSize'>): number {
  return 10 * job.batchSize;
}

/** Name of partition p's trigger, usable in a scalingModifiers formula. */
export function triggerName(p: number): string {
  return `p${p}`;
}

/**
 * KEDA scales the Deployment on the job's consumer-group lag, one `redis-streams` trigger per
 * partition stream (`lagCount` reads XINFO GROUPS `lag`, exact because eddy's commit sets
 * entries-read; Redis ≥ 7, KEDA ≥ 2.10).
 *
 * How triggers combine: KEDA hands the HPA one metric per trigger, and the HPA takes the largest
 * replica count any metric asks for — scaling on the single most-lagging partition, which
 * under-counts when every partition lags a little. With more than one partition a scalingModifiers
 * formula (KEDA ≥ 2.13, experimental) sums the lags into one metric instead, so the HPA asks for
 * ceil(total lag / lagPerReplica) replicas; maxReplicaCount = partitions caps it, since a replica
 * beyond that would hold no lease.
 *
 * minReplicaCount 1, not 0: scaling from zero waits for a poll and a pod start (seconds), far
 * beyond a stream job's latency budget, and a job with `idle` needs a running process to close
 * windows on a quiet stream. Credentials and TLS come from the TriggerAuthentication every trigger
 * names (empty in the base; the production overlay fills it from a Secret).
 */
export function renderScaledObject(job: ResolvedJob, names: JobK8sNames, opts: RenderOptions): K8sObject {
  const lag = lagPerReplica(job);
  const triggers = job.partitions.map((stream, p) => ({
    type: 'redis-streams',
    name: triggerName(p),
    metadata: {
      addressFromEnv: 'REDIS_ADDRESS',
      stream,
      consumerGroup: job.group,
      lagCount: String(lag),
      // Only consulted when scaling from zero (minReplicaCount 0): one full batch waiting.
      activationLagCount: String(job.batchSize),
    },
    authenticationRef: { name: names.triggerAuthentication },
  }));
  const sum =
    triggers.length > 1
      ? { scalingModifiers: { formula: triggers.map((t) => t.name).join(' + '), target: String(lag), activationTarget: String(job.batchSize), metricType: 'AverageValue' as const } }
      : {};
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: objectMeta(names, names.base, opts.namespace),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: names.base },
      minReplicaCount: 1,
      maxReplicaCount: job.partitions.length,
      pollingInterval: 15,
      cooldownPeriod: 300,
      advanced: {
        ...sum,
        horizontalPodAutoscalerConfig: {
          // Each scale-down moves partitions (a lease hand-over and a checkpoint restore): do it rarely, one pod at a time.
          behavior: { scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
        },
      },
      triggers,
    },
  } satisfies IScaledObject;
}
