import { LEASE_DEFAULTS } from '../runtime/lease-options.js';

/** How `renderManifests` renders a job; everything else comes from the job definition itself. */
export interface RenderOptions {
  /** Container image reference, e.g. `eddy:0.1.0` or `registry.example.com/eddy@sha256:…`. */
  readonly image: string;
  /** Namespace written on every object. @default none: the namespace of `kubectl apply` or of a kustomize overlay */
  readonly namespace?: string;
  /**
   * The job file as it goes into the job's ConfigMap and so into `/app/jobs/<name>` in the pod.
   * It must be self-contained: the ConfigMap holds this one file, and it may import only `eddy`.
   */
  readonly jobFile: { readonly name: string; readonly text: string };
  /**
   * Also render the repartition stage copying this unpartitioned stream into the job's partitions
   * (a Deployment running `eddy repartition`, and its Redis user's ACL rule). @default none
   */
  readonly repartitionFrom?: string;
}

/** Settings the rendered objects share; a kustomize overlay changes them, the renderer does not. */
export const K8S_DEFAULTS = {
  /** Where the pods find Redis without an overlay: a Service named `redis` in the same namespace. @default 'redis://redis:6379' */
  redisUrl: 'redis://redis:6379',
  /** The same, as KEDA's redis-streams scaler wants it (host:port). @default 'redis:6379' */
  redisAddress: 'redis:6379',
  /** Port of `/metrics`, `/healthz` and `/readyz` (EDDY_METRICS_PORT). @default 9464 */
  metricsPort: 9464,
  /** Partition lease TTL (EDDY_LEASE_MS): how long a vanished pod's partitions stay blocked. @default LEASE_DEFAULTS.leaseMs (10000) */
  leaseMs: LEASE_DEFAULTS.leaseMs,
  /** eddy drains within ~5 s of SIGTERM; the rest is margin for a slow commit or Redis. @default 30 */
  terminationGracePeriodSeconds: 30,
  /** Before SIGTERM, so endpoints and scrapers stop using the pod first. @default 5 */
  preStopSleepSeconds: 5,
  /** Where the job file is mounted in the container. @default '/app/jobs' */
  jobsDir: '/app/jobs',
} as const;

/** Largest job file a ConfigMap takes with room to spare (the API's limit is 1 MiB per object). */
const MAX_JOB_FILE_BYTES = 512 * 1024;

/** Refuses options that would render objects the API server rejects, saying what to change. */
export function validateRenderOptions(opts: RenderOptions): void {
  if (!/^[^\s]+$/.test(opts.image)) throw new Error(`--image "${opts.image}" is not an image reference: use e.g. eddy:0.1.0 or registry.example.com/eddy@sha256:<digest>`);
  if (opts.namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(opts.namespace)) {
    throw new Error(`--namespace "${opts.namespace}" is not a Kubernetes namespace name: lower-case letters, digits and "-", at most 63`);
  }
  if (!/^[-._a-zA-Z0-9]+\.(m?ts|m?js)$/.test(opts.jobFile.name)) {
    throw new Error(`job file name "${opts.jobFile.name}" cannot be a ConfigMap key: rename it to letters, digits, ".", "_", "-" ending in .ts, .mts, .js or .mjs`);
  }
  const bytes = Buffer.byteLength(opts.jobFile.text);
  if (bytes > MAX_JOB_FILE_BYTES) throw new Error(`job file ${opts.jobFile.name} is ${bytes} bytes: a ConfigMap holds at most ${MAX_JOB_FILE_BYTES}; bake it into the image instead`);
}
