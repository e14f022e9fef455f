// Renders a kustomization directory: `kubectl kustomize` when kubectl is on PATH (what a user
// runs), else the subset in kustomize-subset.ts. The result says which one it used.

import { execFileSync, spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { kustomizeSubset, type KObject } from './kustomize-subset.js';

export interface Rendered {
  readonly objects: KObject[];
  readonly renderer: 'kubectl kustomize' | 'kustomize subset';
}

export function kubectlAvailable(): boolean {
  return spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

export function kubectlKustomize(dir: string): KObject[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out).map((d) => d.toJS() as KObject | null).filter((o): o is KObject => o !== null);
}

export function renderKustomization(dir: string): Rendered {
  return kubectlAvailable() ? { objects: kubectlKustomize(dir), renderer: 'kubectl kustomize' } : { objects: kustomizeSubset(dir), renderer: 'kustomize subset' };
}
