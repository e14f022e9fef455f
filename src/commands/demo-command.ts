import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadJobFile } from '../runtime/load-job-file.js';
import { startJob, type JobHandle } from '../runtime/run-job.js';
import { startThrowawayRedis, RedisServerNotFound, type ThrowawayRedis } from '../redis/throwaway-server.js';
import { parseRedisUrl } from '../redis/redis-url.js';
import { DemoProducer } from '../demo/demo-producer.js';
import { SyntheticSensors } from '../demo/synthetic-sensors.js';
import { formatTable } from '../demo/results-table.js';
import { anomalyReport } from '../demo/anomaly-report.js';
import type { Progress } from '../runtime/progress.js';

export interface DemoOptions {
  readonly redis?: string;
  readonly sensors: number;
  readonly seconds: number;
  readonly rate: number;
}

const JOB_FILE = fileURLToPath(new URL('../../examples/sensor-stats.ts', import.meta.url));
const ANOMALY_JOB_FILE = fileURLToPath(new URL('../../examples/sensor-anomalies.ts', import.meta.url));

/**
 * `eddy demo` (`npm run demo`): a throwaway redis-server unless one is given, a live synthetic sensor
 * stream, examples/sensor-stats.ts running on it with a progress line, then a table of results.
 */
export async function demoCommand(opts: DemoOptions): Promise<void> {
  let server: ThrowawayRedis | undefined;
  let url = opts.redis;
  if (url === undefined) {
    try {
      server = await startThrowawayRedis();
    } catch (e) {
      if (e instanceof RedisServerNotFound) {
        process.stderr.write(`eddy demo: ${e.message}\n`);
        process.exit(1);
      }
      throw e;
    }
    url = server.url;
    say(`started a throwaway redis-server on port ${server.port} (data in ${server.dir}, removed on exit)`);
  } else {
    say(`using ${parseRedisUrl(url).redacted}: the demo appends to stream "sensors" and reads it as group "sensor-stats"`);
  }

  const redis = new Redis(url, { lazyConnect: true });
  let handle: JobHandle | undefined;
  let anomalyHandle: JobHandle | undefined;
  let producer: DemoProducer | undefined;
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    say('\nstopping: producer first, then the job commits what is in flight');
    producer?.stop();
    handle?.stop();
    anomalyHandle?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await redis.connect();
    const job = await loadJobFile(JOB_FILE);
    const anomalyJob = await loadJobFile(ANOMALY_JOB_FILE);
    const sensors = new SyntheticSensors({ sensors: opts.sensors, startMs: Math.floor(Date.now() / 10_000) * 10_000 - 3_600_000 });
    say(`producing ~${opts.rate.toLocaleString('en-US')} readings/s from ${opts.sensors} sensors for ${opts.seconds} s; spiking: ${sensors.spiking.join(', ')}`);
    say(`running ${JOB_FILE} (tumbling 10 s windows, out-of-orderness 2 s)`);
    say(`and ${ANOMALY_JOB_FILE} (spike-dip on every reading) on the same stream — Ctrl-C stops cleanly\n`);
    producer = new DemoProducer(redis, job.partitions[0]!, sensors);
    handle = await startJob(job, { redisUrl: url });
    anomalyHandle = await startJob(anomalyJob, { redisUrl: url });
    const jobs = [handle, anomalyHandle];
    const ticker = setInterval(() => {
      Promise.all(jobs.map((j) => j.refreshLag())).then(() => progressLine(jobs[0]!.progress(), jobs[1]!.progress()), () => {});
    }, 500);
    const done = Promise.all([handle.done, anomalyHandle.done]);
    done.catch(() => producer?.stop());
    await Promise.race([producer.run(opts.rate, opts.seconds), done]);
    if (!interrupted) {
      // Let the jobs catch up with what was produced, then stop them.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !interrupted) {
        await Promise.all(jobs.map((j) => j.refreshLag()));
        if (jobs.every((j) => j.progress().lag === 0)) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const j of jobs) j.stop();
    }
    const [summary, anomalySummary] = await done;
    clearInterval(ticker);
    progressLine(summary, anomalySummary);
    process.stdout.write('\n\n');
    await printResults(redis, job.sinks.output, sensors.spiking, summary);
    say('');
    say(await anomalyReport(redis, anomalyJob.sinks.output, sensors.spiking, anomalySummary.entries));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    redis.disconnect();
    await server?.stop();
  }
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function progressLine(p: Progress, anomalies: Progress): void {
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const line =
    `events ${n(p.entries)} (${n(p.entriesPerSecond)}/s) · lag ${p.lag === undefined ? '?' : n(p.lag)} · ` +
    `windows emitted ${n(p.results)} · open ${n(p.openWindows)} · late ${n(p.late)} · dead letters ${n(p.deadLetters)} · ` +
    `anomalies ${n(anomalies.results)} (lag ${anomalies.lag === undefined ? '?' : n(anomalies.lag)})`;
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line}`);
  else say(line);
}

async function printResults(redis: Redis, stream: string, spiking: readonly string[], p: Progress): Promise<void> {
  const entries = await redis.xrevrange(stream, '+', '-', 'COUNT', 20_000);
  const rows = entries.map(([, f]) => {
    const m = new Map<string, string>();
    for (let i = 0; i + 1 < f.length; i += 2) m.set(f[i]!, f[i + 1]!);
    return m;
  });
  const top = [...rows].sort((a, b) => Number(b.get('max')) - Number(a.get('max'))).slice(0, 8);
  const fmt = (m: Map<string, string>): string[] => [
    m.get('key')!,
    new Date(Number(m.get('start'))).toISOString().slice(11, 19),
    m.get('count')!,
    Number(m.get('mean')).toFixed(2),
    Number(m.get('min')).toFixed(2),
    Number(m.get('max')).toFixed(2),
  ];
  const header = ['sensor', 'window (UTC)', 'count', 'mean', 'min', 'max'];
  say(`Highest maxima among the last ${rows.length.toLocaleString('en-US')} windows (the spiking sensors ${spiking.join(', ')} should lead):`);
  say(formatTable(header, top.map(fmt)));
  const normal = rows.find((m) => !spiking.includes(m.get('key')!));
  if (normal) {
    say('\nA quiet sensor, for comparison:');
    say(formatTable(header, rows.filter((m) => m.get('key') === normal.get('key')).slice(0, 3).map(fmt)));
  }
  say(
    `\n${p.entries.toLocaleString('en-US')} events in ${(p.elapsedMs / 1000).toFixed(1)} s → ${p.results.toLocaleString('en-US')} window results in "${stream}", ` +
      `${p.late} late events, ${p.deadLetters} dead letters. Inspect them with redis-cli XRANGE.`,
  );
}
