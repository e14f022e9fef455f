// `npm run demo` as a new user runs it (shortened): its own throwaway redis-server, both example
// jobs live on one stream, then the window table and the anomaly report — with the detector's
// flags on the sensors the generator made spike.

import { expect, test } from 'vitest';
import { describeRun, runCli } from '../support/run-cli.js';

test('the demo prints window results and anomaly events found on the spiking sensors', async () => {
  const run = await runCli(['demo', '--sensors', '50', '--seconds', '3', '--rate', '20000'], { timeoutMs: 90_000 });
  expect(run.code, describeRun(run)).toBe(0);
  expect(run.stdout).toContain('started a throwaway redis-server');
  expect(run.stdout).toMatch(/window results in "sensor-stats:out"/);
  const m = /Anomaly events in "sensor-anomalies:out": ([\d,]+) of ([\d,]+) readings flagged, ([\d,]+) of them on the spiking sensors/.exec(run.stdout);
  expect(m, run.stdout).not.toBeNull();
  const flagged = Number(m![1]!.replaceAll(',', ''));
  const onSpiking = Number(m![3]!.replaceAll(',', ''));
  expect(flagged).toBeGreaterThan(0);
  // The generator's spikes are the anomalies: noise on 47 quiet sensors must not outweigh them.
  expect(onSpiking / flagged).toBeGreaterThan(0.8);
});
