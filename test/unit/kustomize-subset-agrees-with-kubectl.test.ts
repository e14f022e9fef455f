import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kubectlAvailable, kubectlKustomize } from '../support/kustomize-render.js';
import { kustomizeSubset, type KObject } from '../support/kustomize-subset.js';

// Where kubectl is installed, the subset used on machines without it must render the same objects.
// Order of objects and of merged list items may differ; lists of named items are compared by name.
function canonical(objects: KObject[]): Record<string, unknown> {
  const sortNamed = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(sortNamed);
      const named = items.every((x) => typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string');
      return named ? [...items].sort((a, b) => String((a as { name: string }).name).localeCompare((b as { name: string }).name)) : items;
    }
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortNamed(x)]));
    return v;
  };
  return Object.fromEntries(objects.map((o) => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, sortNamed(o)]));
}

describe.skipIf(!kubectlAvailable())('the kustomize subset renders deploy/ as kubectl kustomize does', () => {
  it.each(['base', 'overlays/dev', 'overlays/production'])('deploy/%s', (d) => {
    const dir = fileURLToPath(new URL(`../../deploy/${d}`, import.meta.url));
    expect(canonical(kustomizeSubset(dir))).toEqual(canonical(kubectlKustomize(dir)));
  });
});
