import type { IService } from 'kubernetes-models/v1/Service';
import type { JobK8sNames } from './k8s-names.js';
import { objectMeta, type K8sObject } from './k8s-object.js';
import { K8S_DEFAULTS, type RenderOptions } from './render-options.js';

/** The port name the ServiceMonitor scrapes. */
export const METRICS_PORT_NAME = 'metrics';

/** `/metrics` of every pod of the job, for the ServiceMonitor. Nothing else talks to eddy's pods. */
export function renderMetricsService(names: JobK8sNames, opts: RenderOptions): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(names, names.metricsService, opts.namespace),
    spec: {
      type: 'ClusterIP',
      selector: { ...names.selector },
      // Scrape every pod, ready or not: a pod waiting for a lease still has metrics worth seeing.
      publishNotReadyAddresses: true,
      ports: [{ name: METRICS_PORT_NAME, port: K8S_DEFAULTS.metricsPort, targetPort: METRICS_PORT_NAME, protocol: 'TCP' }],
    },
  } satisfies IService;
}
