import { createHash } from 'node:crypto';
import type { ResolvedJob } from '../job/resolved-job.js';

/** Longest resource name used here: pod names add ~17 characters and must stay within 63. */
const MAX_BASE_NAME = 40;

/**
 * The Kubernetes names and labels of one job's resources, all derived from the job's name so the
 * job file stays the single source of truth. A job name may hold `:`, `_` and capitals, which
 * Kubernetes names may not: those become `-` and lower case, and a name that changed (or had to be
 * shortened) gets a short hash of the original, so two jobs never map to one name.
 */
export interface JobK8sNames {
  /** DNS-1123 label: the Deployment, ScaledObject, PodDisruptionBudget and ServiceMonitor. */
  readonly base: string;
  readonly metricsService: string;
  readonly jobConfigMap: string;
  readonly aclConfigMap: string;
  readonly triggerAuthentication: string;
  /** Labels on every resource of the job. */
  readonly labels: Readonly<Record<string, string>>;
  /** The subset that selects the job's pods (immutable on a Deployment: never add to it). */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * The repartition stage's Deployment, labels and selector: its own instance label, since the
   * job's selector (name + instance) must not match the stage's pods (its Service, PDB and
   * ServiceMonitor would take them for the job's).
   */
  readonly repartition: { readonly name: string; readonly labels: Readonly<Record<string, string>>; readonly selector: Readonly<Record<string, string>> };
}

export function k8sNames(job: Pick<ResolvedJob, 'name'>): JobK8sNames {
  const base = dnsLabel(job.name);
  const selector = { 'app.kubernetes.io/name': 'eddy', 'app.kubernetes.io/instance': base };
  const stage = dnsLabel(`${job.name}-repartition`);
  const stageSelector = { 'app.kubernetes.io/name': 'eddy', 'app.kubernetes.io/instance': stage };
  return {
    base,
    metricsService: `${base}-metrics`,
    jobConfigMap: `${base}-job`,
    aclConfigMap: `${base}-redis-acl`,
    triggerAuthentication: `${base}-redis`,
    selector,
    labels: { ...selector, 'app.kubernetes.io/component': 'stream-processor', 'app.kubernetes.io/managed-by': 'eddy-k8s' },
    repartition: {
      name: stage,
      selector: stageSelector,
      labels: { ...stageSelector, 'app.kubernetes.io/component': 'repartition', 'app.kubernetes.io/part-of': base, 'app.kubernetes.io/managed-by': 'eddy-k8s' },
    },
  };
}

function dnsLabel(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'job';
  if (cleaned === name && cleaned.length <= MAX_BASE_NAME) return cleaned;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${cleaned.slice(0, MAX_BASE_NAME - 7).replace(/-+$/, '')}-${hash}`;
}
