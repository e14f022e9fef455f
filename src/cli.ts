// The `eddy` command line: parsing and wiring only.

import { Command, Option } from 'commander';
// Commands are imported when they run: a process loads only what its command needs (`eddy run`
// never loads the manifest renderer's YAML library), which keeps start-up — and every pod restart —
// short.
import type { BacktestOptions } from './commands/backtest-command.js';
import type { ProduceOptions } from './commands/produce-command.js';
import type { K8sCommandOptions } from './commands/k8s-command.js';
import type { RepartitionCommandOptions } from './commands/repartition-command.js';
import { LEASE_DEFAULTS, MIN_LEASE_MS } from './runtime/lease-options.js';

const program = new Command('eddy')
  .description('Windowed stream processing for Redis Streams, with a WebAssembly hot path')
  .showHelpAfterError();

program
  .command('run')
  .description('run a job: read its source streams, write window results, late events and dead letters')
  .argument('<job-file>', 'a .ts or .js file whose default export is defineJob({...})')
  .addOption(new Option('--redis <url>', 'Redis URL (redis:// or rediss://)').env('REDIS_URL').default('redis://127.0.0.1:6379'))
  .addOption(new Option('--tls-ca <file>', 'PEM file of the certificate authorities to trust for a rediss:// URL (default: Node\'s, plus NODE_EXTRA_CA_CERTS)').env('EDDY_TLS_CA_FILE'))
  .addOption(new Option('--drain', 'process what the input holds, close every window, commit and exit 0').env('EDDY_DRAIN'))
  .addOption(new Option('--workers <n>', 'worker threads (at most one per partition)').env('EDDY_WORKERS').argParser(positiveInt))
  .addOption(new Option('--lease-ms <ms>', `partition lease time-to-live: a process that stops renewing loses its partitions after this long (min ${MIN_LEASE_MS})`).env('EDDY_LEASE_MS').argParser(positiveInt).default(LEASE_DEFAULTS.leaseMs))
  .addOption(new Option('--wait-replicas <n>', 'after every commit, WAIT until this many replicas have it: a failover then loses at most the commits in flight; 0 for no WAIT').env('EDDY_WAIT_REPLICAS').argParser(nonNegativeInt).default(0))
  .addOption(new Option('--wait-timeout-ms <ms>', 'how long one WAIT may take; a commit not replicated by then is logged, not undone').env('EDDY_WAIT_TIMEOUT_MS').argParser(positiveInt).default(1000))
  .addOption(new Option('--progress-ms <ms>', 'how often to log progress; 0 for never').env('EDDY_PROGRESS_MS').argParser(nonNegativeInt).default(5000))
  .addOption(new Option('--metrics-port <port>', 'serve /metrics (Prometheus), /healthz and /readyz on this port; 0 for none').env('EDDY_METRICS_PORT').argParser(nonNegativeInt).default(0))
  .action((file: string, opts: { redis: string; tlsCa?: string; drain?: boolean; workers?: number; leaseMs: number; waitReplicas: number; waitTimeoutMs: number; progressMs: number; metricsPort: number }) => import('./commands/run-command.js').then((m) => m.runCommand(file, opts)));

program
  .command('produce')
  .description("write synthetic entries shaped by a job (its key, time and value fields) into its source, partitioned by key hash: a load generator")
  .argument('<job-file>', 'the job whose source is written')
  .addOption(new Option('--redis <url>', 'Redis URL').env('REDIS_URL').default('redis://127.0.0.1:6379'))
  .addOption(new Option('--tls-ca <file>', 'PEM file of the certificate authorities to trust for a rediss:// URL').env('EDDY_TLS_CA_FILE'))
  .addOption(new Option('--count <n>', 'entries to write').env('EDDY_PRODUCE_COUNT').argParser(positiveInt).default(100_000))
  .addOption(new Option('--rate <n>', 'entries per second; 0 for as fast as Redis takes them').env('EDDY_PRODUCE_RATE').argParser(nonNegativeInt).default(0))
  .addOption(new Option('--keys <n>', 'distinct keys').env('EDDY_PRODUCE_KEYS').argParser(positiveInt).default(1000))
  .addOption(new Option('--seed <n>', 'random seed (the same seed writes the same entries)').env('EDDY_PRODUCE_SEED').argParser(nonNegativeInt).default(1))
  .addOption(new Option('--step-ms <ms>', 'event time between consecutive entries').env('EDDY_PRODUCE_STEP_MS').argParser(nonNegativeInt).default(1))
  .action((file: string, opts: ProduceOptions) => import('./commands/produce-command.js').then((m) => m.produceCommand(file, opts)));

program
  .command('repartition')
  .description("copy an unpartitioned stream into a job's partitions by key hash, exactly once, so producers need no knowledge of the partition count")
  .argument('<job-file>', 'the job whose partitioned source is written')
  .addOption(new Option('--from <stream>', 'the unpartitioned stream producers write to').env('EDDY_REPARTITION_FROM').makeOptionMandatory())
  .addOption(new Option('--redis <url>', 'Redis URL (redis:// or rediss://)').env('REDIS_URL').default('redis://127.0.0.1:6379'))
  .addOption(new Option('--tls-ca <file>', 'PEM file of the certificate authorities to trust for a rediss:// URL').env('EDDY_TLS_CA_FILE'))
  .addOption(new Option('--group <name>', 'consumer group on --from that mirrors the position (lag for KEDA); default <job>-repartition').env('EDDY_REPARTITION_GROUP'))
  .addOption(new Option('--dead-letter <stream>', 'stream for entries without a usable key; default <from>:repartition-dlq').env('EDDY_REPARTITION_DEAD_LETTER'))
  .addOption(new Option('--batch-size <n>', 'entries per read and append').env('EDDY_REPARTITION_BATCH_SIZE').argParser(positiveInt))
  .addOption(new Option('--drain', 'copy what the stream holds and exit 0').env('EDDY_DRAIN'))
  .action((file: string, opts: RepartitionCommandOptions) => import('./commands/repartition-command.js').then((m) => m.repartitionCommand(file, opts)));

program
  .command('backtest')
  .description('run an anomaly detector over a CSV series (columns timestamp and value) row by row, as a streaming job would; CSV out')
  .argument('[file]', 'CSV file with a header naming `timestamp` (ISO-8601 or epoch ms) and `value`')
  .addOption(new Option('--detector <name>', 'detector to run (eddy backtest --list); default: the first listed').env('EDDY_BACKTEST_DETECTOR'))
  .option('--param <key=value>', 'detector parameter, repeatable', (v: string, all: string[]) => [...all, v], [] as string[])
  .option('--list', 'print the detector names, one per line, best first')
  .action((file: string | undefined, opts: BacktestOptions) => import('./commands/backtest-command.js').then((m) => m.backtestCommand(file, opts)));

program
  .command('demo')
  .description('start a throwaway redis-server (unless --redis/REDIS_URL), produce a sensor stream, run examples/sensor-stats.ts on it live')
  .addOption(new Option('--redis <url>', 'use this Redis instead of a throwaway one').env('REDIS_URL'))
  .addOption(new Option('--sensors <n>', 'number of sensors').env('EDDY_DEMO_SENSORS').argParser(positiveInt).default(500))
  .addOption(new Option('--seconds <n>', 'how long to produce, in wall-clock seconds').env('EDDY_DEMO_SECONDS').argParser(positiveInt).default(15))
  .addOption(new Option('--rate <n>', 'events produced per wall-clock second').env('EDDY_DEMO_RATE').argParser(positiveInt).default(100_000))
  .action((opts: { redis?: string; sensors: number; seconds: number; rate: number }) => import('./commands/demo-command.js').then((m) => m.demoCommand(opts)));

program
  .command('k8s')
  .description('render the Kubernetes manifests of a job (Deployment, Service, PDB, KEDA ScaledObject, ServiceMonitor, ConfigMaps) from its definition')
  .argument('<job-file>', 'a .ts or .js file whose default export is defineJob({...})')
  .addOption(new Option('--image <ref>', 'container image (default: eddy:<version>)').env('EDDY_K8S_IMAGE'))
  .addOption(new Option('--namespace <ns>', 'namespace for every object (default: none, so kubectl or an overlay decides)').env('EDDY_K8S_NAMESPACE'))
  .addOption(new Option('--out <dir>', 'write a kustomize base to this directory instead of printing YAML').env('EDDY_K8S_OUT'))
  .addOption(new Option('--repartition-from <stream>', 'also render the repartition stage (a Deployment running `eddy repartition`, its ACL rule) copying this unpartitioned stream into the partitions').env('EDDY_K8S_REPARTITION_FROM'))
  .action((file: string, opts: K8sCommandOptions) => import('./commands/k8s-command.js').then((m) => m.k8sCommand(file, opts)));

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got "${v}"`);
  return n;
}
function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got "${v}"`);
  return n;
}

program.parseAsync().catch((e: unknown) => {
  process.stderr.write(`eddy: ${(e as Error).message ?? String(e)}\n`);
  process.exit(1);
});
