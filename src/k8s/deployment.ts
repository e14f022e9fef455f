import { createHash } from 'node:crypto';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { K8sObject } from './k8s-object.js';
import { objectMeta } from './k8s-object.js';
import type { JobK8sNames } from './k8s-names.js';
import { K8S_DEFAULTS, type RenderOptions } from './render-options.js';
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from './pod-hardening.js';

/** Annotation on the pod template holding the job file's hash: a changed job file rolls the pods. */
export const JOB_FILE_HASH_ANNOTATION = 'eddy-job-file-sha256';

/**
 * The job's pods. No `replicas`: KEDA's HPA owns the count, and a `kubectl apply` that set it would
 * fight the autoscaler.
 *
 * Rolling updates remove a pod before adding one (maxSurge 0). The other way round deadlocks: a
 * surplus pod gets no partition while every partition is leased (with one partition, always), so
 * it never turns ready and the rollout never goes on. Removing first costs little: the old pod
 * releases its leases on SIGTERM and the others, or its successor, take them at once.
 */
export function renderDeployment(names: JobK8sNames, opts: RenderOptions): K8sObject {
  const d = K8S_DEFAULTS;
  const port = 'metrics';
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(names, names.base, opts.namespace),
    spec: {
      selector: { matchLabels: { ...names.selector } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: {
        metadata: {
          labels: { ...names.labels },
          annotations: { [JOB_FILE_HASH_ANNOTATION]: createHash('sha256').update(opts.jobFile.text).digest('hex') },
        },
        spec: {
          // eddy commits in-flight batches and releases its leases within ~5 s of SIGTERM; preStop comes first.
          terminationGracePeriodSeconds: d.terminationGracePeriodSeconds,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { ...POD_SECURITY_CONTEXT, seccompProfile: { ...POD_SECURITY_CONTEXT.seccompProfile } },
          // Spread replicas so one node's loss costs at most its share of partitions for one lease TTL.
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...names.selector } } },
          ],
          containers: [
            {
              name: 'eddy',
              image: opts.image,
              imagePullPolicy: 'IfNotPresent',
              args: ['run', `${d.jobsDir}/${opts.jobFile.name}`],
              env: [
                { name: 'REDIS_URL', value: d.redisUrl },
                // KEDA's scaler reads host:port from the scale target's environment (addressFromEnv).
                { name: 'REDIS_ADDRESS', value: d.redisAddress },
                // One worker thread per CPU of the limit (eddy caps it at the partitions it holds).
                { name: 'EDDY_WORKERS', valueFrom: { resourceFieldRef: { containerName: 'eddy', resource: 'limits.cpu', divisor: '1' } } },
                { name: 'EDDY_LEASE_MS', value: String(d.leaseMs) },
                { name: 'EDDY_PROGRESS_MS', value: '30000' },
                { name: 'EDDY_METRICS_PORT', value: String(d.metricsPort) },
              ],
              ports: [{ name: port, containerPort: d.metricsPort, protocol: 'TCP' }],
              // Loading the job file through tsx takes about a second; allow 30 before liveness counts.
              startupProbe: { httpGet: { path: '/healthz', port }, periodSeconds: 2, failureThreshold: 15 },
              livenessProbe: { httpGet: { path: '/healthz', port }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
              // Ready = holds leases and reaches Redis. A replica beyond the partition count holds none and stays unready by design.
              readinessProbe: { httpGet: { path: '/readyz', port }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
              lifecycle: { preStop: { exec: { command: ['sleep', String(d.preStopSleepSeconds)] } } },
              resources: {
                requests: { cpu: '500m', memory: '256Mi' },
                limits: { cpu: '2', memory: '512Mi' },
              },
              securityContext: { ...CONTAINER_SECURITY_CONTEXT, capabilities: { drop: [...CONTAINER_SECURITY_CONTEXT.capabilities.drop] } },
              volumeMounts: [
                { name: 'job', mountPath: d.jobsDir, readOnly: true },
                { ...TMP_MOUNT },
              ],
            },
          ],
          volumes: [
            { name: 'job', configMap: { name: names.jobConfigMap } },
            { name: TMP_VOLUME.name, emptyDir: { ...TMP_VOLUME.emptyDir } },
          ],
        },
      },
    },
  } satisfies IDeployment;
  return deployment;
}
