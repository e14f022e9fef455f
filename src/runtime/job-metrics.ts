// The Prometheus metrics DESIGN.md ("Observability") lists, read at scrape time from what the
// control plane already has: the workers' shared counters, the lease manager's stats and Redis' own
// consumer-group lag. Nothing is counted twice and no worker is asked anything.

import { Counter as PromCounter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResolvedJob } from '../job/resolved-job.js';
import { Counter, LATENCY_BUCKETS_MS } from '../pool/worker-protocol.js';
import type { JobHandle } from './run-job.js';

type PartitionLabels = 'job' | 'partition' | 'stream';

/** A registry with eddy's metrics for one running job, plus Node's process metrics. */
export function jobMetrics(job: ResolvedJob, handle: JobHandle): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'eddy_' });
  const labels = (p: number): Record<PartitionLabels, string> => ({ job: job.name, partition: String(p), stream: job.partitions[p]! });
  const counter = (name: string, help: string, slot: number, scale = 1): void => {
    registry.registerMetric(
      new PromCounter<PartitionLabels>({
        name,
        help,
        labelNames: ['job', 'partition', 'stream'],
        registers: [],
        collect() {
          this.reset();
          for (let p = 0; p < job.partitions.length; p++) this.inc(labels(p), handle.partitionCounters(p)[slot]! * scale);
        },
      }),
    );
  };
  const gauge = (name: string, help: string, slot: number, scale = 1): void => {
    registry.registerMetric(
      new Gauge<PartitionLabels>({
        name,
        help,
        labelNames: ['job', 'partition', 'stream'],
        registers: [],
        collect() {
          for (let p = 0; p < job.partitions.length; p++) this.set(labels(p), handle.partitionCounters(p)[slot]! * scale);
        },
      }),
    );
  };

  counter('eddy_events_in_total', 'Entries read and processed (committed or in flight), by partition.', Counter.entries);
  counter('eddy_events_out_total', 'Derived events written to the output stream (window results or anomaly events).', Counter.results);
  counter('eddy_late_events_total', 'Events whose window had closed, written to the late stream.', Counter.late);
  counter('eddy_dead_letters_total', 'Entries that could not be used, written to the dead-letter stream with a reason.', Counter.deadLetters);
  counter('eddy_batches_total', 'Batches processed.', Counter.batches);
  counter('eddy_commit_seconds_total', 'Time spent in commit scripts.', Counter.commitMsTotal, 1 / 1000);
  counter('eddy_latency_budget_violations_total', "Batches whose latency exceeded the job's latencyBudget.", Counter.budgetViolations);
  gauge('eddy_watermark_ms', 'Event-time watermark of the partition (ms since the epoch).', Counter.watermark);
  gauge('eddy_open_windows', 'Open window slots (key × window or pane) of the partition.', Counter.openWindows);
  gauge('eddy_keys', 'Keys the partition has seen (its key table).', Counter.keys);
  gauge('eddy_state_keys', 'Keys holding state in the partition now (an open window, pane or session, or a detector state): what maxKeys bounds.', Counter.stateKeys);
  gauge('eddy_state_bytes', "Heap bytes of the partition's state: windows, panes, sessions and their sketches, revisions, state-limit counts, detector states.", Counter.stateBytes);
  counter('eddy_state_limit_dead_letters_total', 'Entries dead-lettered as state-limit (beyond maxKeys or maxOpenWindows); also counted in eddy_dead_letters_total.', Counter.stateLimitDeadLetters);
  gauge('eddy_batch_latency_max_seconds', 'Largest batch latency so far: reply arrival to commit reply.', Counter.maxBatchLatencyMs, 1 / 1000);

  registry.registerMetric(
    new Gauge<'job' | 'partition' | 'stream'>({
      name: 'eddy_consumer_group_lag',
      help: "Entries of the partition not yet delivered to the job's consumer group (XINFO GROUPS lag; what KEDA scales on).",
      labelNames: ['job', 'partition', 'stream'],
      registers: [],
      async collect() {
        const lags = await handle.partitionLags().catch(() => [] as (number | undefined)[]);
        this.reset();
        lags.forEach((lag, p) => lag !== undefined && this.set(labels(p), lag));
      },
    }),
  );
  registry.registerMetric(
    new Gauge<'job'>({
      name: 'eddy_partitions_held',
      help: 'Partitions whose lease this process holds.',
      labelNames: ['job'],
      registers: [],
      collect() {
        this.set({ job: job.name }, handle.progress().leases.held.length);
      },
    }),
  );
  registry.registerMetric(
    new PromCounter<'job'>({
      name: 'eddy_partitions_lost_total',
      help: 'Partitions stopped because their lease was lost (expired or taken by another process).',
      labelNames: ['job'],
      registers: [],
      collect() {
        this.reset();
        this.inc({ job: job.name }, handle.progress().leases.lost);
      },
    }),
  );
  return registry;
}

/**
 * The batch-latency histogram in Prometheus' text format, from the buckets the workers already
 * counted (prom-client's Histogram can only observe, and the observations happen in other threads).
 */
export function batchLatencyText(job: ResolvedJob, handle: JobHandle): string {
  const name = 'eddy_batch_latency_seconds';
  const lines = [
    `# HELP ${name} Batch latency: from the reply arriving to its commit being acknowledged by Redis.`,
    `# TYPE ${name} histogram`,
  ];
  for (let p = 0; p < job.partitions.length; p++) {
    const c = handle.partitionCounters(p);
    const l = `job="${escapeLabel(job.name)}",partition="${p}",stream="${escapeLabel(job.partitions[p]!)}"`;
    let cumulative = 0;
    LATENCY_BUCKETS_MS.forEach((ms, b) => {
      cumulative += c[Counter.latencyBuckets + b]!;
      lines.push(`${name}_bucket{${l},le="${ms / 1000}"} ${cumulative}`);
    });
    lines.push(`${name}_bucket{${l},le="+Inf"} ${c[Counter.latencyCount]!}`);
    lines.push(`${name}_sum{${l}} ${c[Counter.latencySumMs]! / 1000}`);
    lines.push(`${name}_count{${l}} ${c[Counter.latencyCount]!}`);
  }
  return lines.join('\n') + '\n';
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
