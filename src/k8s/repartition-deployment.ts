import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { K8sObject } from './k8s-object.js';
import type { JobK8sNames } from './k8s-names.js';
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT, TMP_MOUNT, TMP_VOLUME } from './pod-hardening.js';
import { K8S_DEFAULTS, type RenderOptions } from './render-options.js';

/**
 * The repartition stage (`eddy repartition <job> --from <stream>`) as a Deployment of one replica,
 * beside the job's. One suffices: the stage is one reader of one stream, and a pod that restarts
 * resumes from its checkpoint. Two at once (a rolling update's surge) are safe — every entry is
 * appended under its source ID, so a second copy is refused — which is why the update adds the new
 * pod before removing the old (maxSurge 1, maxUnavailable 0) and the stream is never left unread.
 *
 * No probes: the stage serves no HTTP endpoint. It exits non-zero on what it cannot get past (a
 * partition stream written by someone else, a source that is not a stream), and Kubernetes restarts
 * it; Redis being unreachable it waits out and retries, as `eddy run` does.
 */
export function renderRepartitionDeployment(names: JobK8sNames, opts: RenderOptions & { readonly repartitionFrom: string }): K8sObject {
  const d = K8S_DEFAULTS;
  const stage = names.repartition;
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: stage.name, ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }), labels: { ...stage.labels } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...stage.selector } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...stage.labels } },
        spec: {
          // SIGTERM: the batch in hand is appended and checkpointed, then the stage exits 0.
          terminationGracePeriodSeconds: d.terminationGracePeriodSeconds,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: { ...POD_SECURITY_CONTEXT, seccompProfile: { ...POD_SECURITY_CONTEXT.seccompProfile } },
          containers: [
            {
              name: 'repartition',
              image: opts.image,
              imagePullPolicy: 'IfNotPresent',
              args: ['repartition', `${d.jobsDir}/${opts.jobFile.name}`],
              env: [
                { name: 'REDIS_URL', value: d.redisUrl },
                { name: 'EDDY_REPARTITION_FROM', value: opts.repartitionFrom },
              ],
              resources: {
                requests: { cpu: '250m', memory: '128Mi' },
                limits: { cpu: '1', memory: '256Mi' },
              },
              securityContext: { ...CONTAINER_SECURITY_CONTEXT, capabilities: { drop: [...CONTAINER_SECURITY_CONTEXT.capabilities.drop] } },
              volumeMounts: [{ name: 'job', mountPath: d.jobsDir, readOnly: true }, { ...TMP_MOUNT }],
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
