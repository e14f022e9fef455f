// Validates rendered objects against the Kubernetes, KEDA and prometheus-operator schemas that the
// kubernetes-models packages compile from the upstream OpenAPI specs and CRDs. A kind without a
// schema here is an error, so nothing passes unvalidated. The catch: those schemas do not forbid
// unknown fields; the renderer's `satisfies` types catch misspelt fields at compile time instead.

import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';

interface Validatable {
  validate(): void;
}

const MODELS: Record<string, (data: never) => Validatable> = {
  'v1/ConfigMap': (d) => new ConfigMap(d),
  'v1/Service': (d) => new Service(d),
  'apps/v1/Deployment': (d) => new Deployment(d),
  'apps/v1/StatefulSet': (d) => new StatefulSet(d),
  'policy/v1/PodDisruptionBudget': (d) => new PodDisruptionBudget(d),
  'keda.sh/v1alpha1/ScaledObject': (d) => new ScaledObject(d),
  'keda.sh/v1alpha1/TriggerAuthentication': (d) => new TriggerAuthentication(d),
  'monitoring.coreos.com/v1/ServiceMonitor': (d) => new ServiceMonitor(d),
};

/** Throws, naming the object and the schema's complaint, unless `o` is valid for its kind. */
export function validateK8sObject(o: { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } }): void {
  const id = `${String(o.apiVersion)}/${String(o.kind)}`;
  const model = MODELS[id];
  if (model === undefined) throw new Error(`no schema for ${id} (${String(o.metadata?.name)}): add its model to test/support/k8s-schemas.ts`);
  try {
    model(structuredClone(o) as never).validate();
  } catch (e) {
    throw new Error(`${id} ${String(o.metadata?.name)} is invalid: ${(e as Error).message}`);
  }
}
