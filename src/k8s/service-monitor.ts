import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import type { JobK8sNames } from './k8s-names.js';
import { objectMeta, type K8sObject } from './k8s-object.js';
import { METRICS_PORT_NAME } from './metrics-service.js';
import type { RenderOptions } from './render-options.js';

/** Prometheus-operator scrapes the metrics Service's endpoints, i.e. every pod of the job. */
export function renderServiceMonitor(names: JobK8sNames, opts: RenderOptions): K8sObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: objectMeta(names, names.base, opts.namespace),
    spec: {
      selector: { matchLabels: { ...names.selector } },
      endpoints: [{ port: METRICS_PORT_NAME, path: '/metrics', interval: '15s', scrapeTimeout: '10s' }],
    },
  } satisfies IServiceMonitor;
}
