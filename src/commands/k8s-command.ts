import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { loadJobFile } from '../runtime/load-job-file.js';
import { renderManifests } from '../k8s/render-manifests.js';
import { toKustomizeBase, toYamlStream } from '../k8s/to-yaml.js';

export interface K8sCommandOptions {
  /** @default `eddy:<this package's version>` */
  readonly image?: string;
  readonly namespace?: string;
  /** Write a kustomize base here instead of printing one YAML stream. */
  readonly out?: string;
  /** Also render the repartition stage reading this unpartitioned stream. */
  readonly repartitionFrom?: string;
}

export interface CommandOutput {
  write(text: string): void;
}

/**
 * `eddy k8s <job-file>`: the job's Kubernetes objects, rendered from the job definition (name,
 * partition streams, group), as a multi-document YAML on stdout or a kustomize base in --out.
 */
export async function k8sCommand(
  file: string,
  opts: K8sCommandOptions,
  stdout: CommandOutput = process.stdout,
  stderr: CommandOutput = process.stderr,
): Promise<void> {
  const job = await loadJobFile(file);
  const text = readFileSync(file, 'utf8');
  const relativeImport = /(?:from\s*|import\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/.exec(text);
  if (relativeImport) {
    stderr.write(
      `eddy k8s: warning: ${file} imports ${relativeImport[1]}; the ConfigMap holds only the job file itself, so that import fails in the pod: inline it, or build an image with it under /app/jobs\n`,
    );
  }
  const manifests = renderManifests(job, {
    image: opts.image ?? `eddy:${packageVersion()}`,
    ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
    jobFile: { name: basename(file), text },
    ...(opts.repartitionFrom === undefined ? {} : { repartitionFrom: opts.repartitionFrom }),
  });
  const shown = relative(process.cwd(), resolve(file)).split(sep).join('/');
  const flags = [opts.image === undefined ? '' : ` --image ${opts.image}`, opts.namespace === undefined ? '' : ` --namespace ${opts.namespace}`, opts.repartitionFrom === undefined ? '' : ` --repartition-from ${opts.repartitionFrom}`].join('');
  const header = `Rendered by \`eddy k8s ${shown}${flags}\` from job "${job.name}". Do not edit: change the job file and render again.`;
  if (opts.out === undefined) {
    stdout.write(toYamlStream(manifests.map((m) => m.object), header));
    return;
  }
  mkdirSync(opts.out, { recursive: true });
  for (const [name, content] of toKustomizeBase(manifests, header)) writeFileSync(join(opts.out, name), content);
  stderr.write(`eddy k8s: wrote a kustomize base for job "${job.name}" to ${opts.out} (${manifests.length} objects); kubectl kustomize ${opts.out} shows it\n`);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'latest';
}
