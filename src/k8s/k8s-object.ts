import type { JobK8sNames } from './k8s-names.js';

/**
 * One rendered Kubernetes object, as plain data ready for YAML. Each renderer builds its object
 * against the kubernetes-models type of its kind (`satisfies`, so a misspelt field is a compile
 * error) but hands back this shape, so nothing outside src/k8s depends on those packages' types.
 */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A rendered object and the file it goes to in a kustomize base. */
export interface Manifest {
  readonly file: string;
  readonly object: K8sObject;
}

/** Name, namespace (when given) and the job's labels. */
export function objectMeta(names: JobK8sNames, name: string, namespace: string | undefined): ObjectMeta & { labels: Record<string, string> } {
  return { name, ...(namespace === undefined ? {} : { namespace }), labels: { ...names.labels } };
}
