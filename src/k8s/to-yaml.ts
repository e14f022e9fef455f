import { stringify } from 'yaml';
import type { K8sObject, Manifest } from './k8s-object.js';

/**
 * YAML as kubectl writes it: two-space indent, block style, no line folding (a folded job file or
 * ACL rule would still parse, but diff badly), multi-line strings as `|` blocks.
 */
export function toYaml(value: unknown): string {
  return stringify(value, { indent: 2, lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}

/** One YAML stream: every object as its own document, in the given order. */
export function toYamlStream(objects: readonly K8sObject[], header: string): string {
  return `${comment(header)}${objects.map((o) => `---\n${toYaml(o)}`).join('')}`;
}

/** A kustomize base: each object in its file, plus the kustomization listing them. */
export function toKustomizeBase(manifests: readonly Manifest[], header: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const m of manifests) files.set(m.file, `${comment(header)}${toYaml(m.object)}`);
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: manifests.map((m) => m.file),
  };
  files.set('kustomization.yaml', `${comment(header)}${toYaml(kustomization)}`);
  return files;
}

function comment(text: string): string {
  return text.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n') + '\n';
}
