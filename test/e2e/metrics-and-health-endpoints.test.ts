// `eddy run --metrics-port`: /metrics counts what the job did (entries in, results out, late, dead
// letters, batch-latency histogram, group lag, leases held), /healthz answers while the process
// runs, /readyz answers 200 once it holds a partition and Redis answers.

import { createServer } from 'node:net';
import { expect, onTestFinished, test } from 'vitest';
import { useRedisServer } from '../support/redis-server.js';
import { describeRun, startCli } from '../support/run-cli.js';
import { expectedSinks, loadJob } from '../support/sensor-oracle.js';
import { sensorEntries } from '../support/sensor-data.js';
import { eventually, readRaw, xaddAll } from '../support/stream-io.js';

const server = useRedisServer();

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** `name{labels} value` lines of one metric, summed over its label sets. */
function total(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

test('/metrics, /healthz and /readyz describe a running job', async () => {
  const job = await loadJob('examples/sensor-stats.ts');
  const input = sensorEntries({ seed: 5, count: 4000, sensors: 25 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  const port = await freePort();
  const run = startCli(['run', 'examples/sensor-stats.ts', '--redis', server.url, '--metrics-port', String(port), '--lease-ms', '1000']);
  onTestFinished(() => run.signal('SIGKILL'));
  await run.waitForLog((l) => l.msg === 'serving /metrics, /healthz and /readyz');
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);

  expect((await get('/healthz')).status).toBe(200);
  await eventually('/readyz to answer 200', async () => ((await get('/readyz')).status === 200 || undefined));
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const text = await eventually('every entry to be counted with no lag left', async () => {
    const t = await (await get('/metrics')).text();
    return total(t, 'eddy_events_in_total') === input.length && total(t, 'eddy_consumer_group_lag') === 0 ? t : undefined;
  });
  expect(total(text, 'eddy_dead_letters_total')).toBe(expected.deadLetter.length);
  expect(total(text, 'eddy_late_events_total')).toBe(expected.late.length);
  // Windows still open at the end of the input are not closed without --drain.
  expect(total(text, 'eddy_events_out_total')).toBeLessThanOrEqual(expected.output.length);
  expect(total(text, 'eddy_events_out_total')).toBeGreaterThan(0);
  expect(total(text, 'eddy_partitions_held')).toBe(1);
  expect(total(text, 'eddy_batch_latency_seconds_count')).toBe(total(text, 'eddy_batches_total'));
  expect(text).toMatch(/eddy_batch_latency_seconds_bucket\{job="sensor-stats",partition="0",stream="sensors",le="\+Inf"\} \d+/);
  expect(text).toContain('eddy_process_resident_memory_bytes');
  expect((await get('/nope')).status).toBe(404);

  run.signal('SIGTERM');
  const done = await run.exited;
  expect(done.code, describeRun(done)).toBe(0);
});

test('/metrics counts state-limit dead letters and reports the state held: keys within maxKeys, bytes', async () => {
  await server.reset();
  const file = 'test/e2e/fixtures/sensor-stats-limits.ts';
  const job = await loadJob(file);
  const input = sensorEntries({ seed: 6, count: 3000, sensors: 30, stepMs: 7 });
  await xaddAll(server.redis, 'sensors', input.map((e) => e.fields));
  const port = await freePort();
  const run = startCli(['run', file, '--redis', server.url, '--metrics-port', String(port), '--lease-ms', '1000']);
  onTestFinished(() => run.signal('SIGKILL'));
  await run.waitForLog((l) => l.msg === 'serving /metrics, /healthz and /readyz');
  const expected = expectedSinks(job, await readRaw(server.redis, 'sensors'));
  const text = await eventually('every entry to be counted', async () => {
    const t = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return total(t, 'eddy_events_in_total') === input.length ? t : undefined;
  });
  const refused = expected.deadLetterReasons.filter((r) => r === 'state-limit').length;
  expect(refused).toBeGreaterThan(0);
  expect(total(text, 'eddy_state_limit_dead_letters_total')).toBe(refused);
  expect(total(text, 'eddy_dead_letters_total')).toBe(expected.deadLetter.length);
  const keys = total(text, 'eddy_state_keys');
  expect(keys).toBeGreaterThan(0);
  expect(keys).toBeLessThanOrEqual(job.maxKeys);
  // At least the open windows' slots and the key table's state-limit counts.
  expect(total(text, 'eddy_state_bytes')).toBeGreaterThan(keys * 32);
  run.signal('SIGTERM');
  expect((await run.exited).code).toBe(0);
});
