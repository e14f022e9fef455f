// `eddy backtest` as acceptance checks use it: a CSV in, `timestamp,value,score,anomaly` first, one
// row per good input row in order, bad rows on stderr with their line number and skipped, and the
// scores those of the detector's TypeScript reference run over the same rows.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DETECTORS_BEST_FIRST, resolveDetectorParams } from '../../src/detect/detector-catalog.js';
import { DET_ANOMALY, DET_OUT_F64, DET_SCORE } from '../../src/detect/detector-output.js';
import { referenceFor } from '../../src/reference/detectors/reference-for.js';
import { seededRandom } from '../../src/demo/seeded-random.js';
import { describeRun, runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'eddy-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 400 noisy rows with a spike at row 300, ISO times one minute apart, and an extra column. */
function series(): { csv: string; times: string[]; values: number[] } {
  const random = seededRandom(7);
  const times: string[] = [];
  const values: number[] = [];
  const lines = ['value,timestamp,host'];
  for (let i = 0; i < 400; i++) {
    const t = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
    const v = Math.round((100 + (random() - 0.5) * 4 + (i === 300 ? 60 : 0)) * 1000) / 1000;
    times.push(t);
    values.push(v);
    lines.push(`${v},${t},web-1`);
  }
  return { csv: lines.join('\n') + '\n', times, values };
}

describe('eddy backtest', () => {
  it('--list prints every detector name, one per line, best first', async () => {
    const run = await runCli(['backtest', '--list']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toEqual(DETECTORS_BEST_FIRST.map((d) => d.name));
  });

  it('writes one row per input row, in order, with the reference detector’s score and flag', async () => {
    const { csv, times, values } = series();
    const file = join(dir, 'spike.csv');
    writeFileSync(file, csv);
    const run = await runCli(['backtest', file, '--detector', 'zscore', '--param', 'threshold=5']);
    expect(run.code, describeRun(run)).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header!.startsWith('timestamp,value,score,anomaly')).toBe(true);
    expect(rows).toHaveLength(values.length);

    const detector = resolveDetectorParams('zscore', { threshold: 5 });
    const reference = referenceFor(detector.spec.kind, detector.words);
    const out = new Float64Array(DET_OUT_F64);
    rows.forEach((row, i) => {
      const [t, v, score, anomaly] = row.split(',');
      reference.step(Date.parse(times[i]!), values[i]!, out, 0);
      expect(t).toBe(times[i]);
      expect(Number(v)).toBe(values[i]);
      expect(Number(score)).toBeCloseTo(out[DET_SCORE]!, 12);
      expect(Number(anomaly)).toBe(out[DET_ANOMALY]);
    });
    // The spike is found where it is.
    expect(rows[300]!.split(',')[3]).toBe('1');
  });

  it('reports bad rows on stderr with their line numbers, skips them and carries on', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      ['timestamp,value', '1704067200000,1', 'yesterday,2', '1704067260000,NaN', '1704067320000,', '1704067380000,4', '1704067440000,1e400'].join('\n') + '\n',
    );
    const run = await runCli(['backtest', file, '--detector', 'mad']);
    expect(run.code, describeRun(run)).toBe(0);
    expect(run.stdout.trimEnd().split('\n').slice(1).map((r) => r.split(',').slice(0, 2).join(','))).toEqual(['1704067200000,1', '1704067380000,4']);
    for (const line of [3, 4, 5, 7]) expect(run.stderr).toContain(`bad.csv:${line}:`);
  });

  it('names the fix for an unknown detector, an unknown parameter and a missing column', async () => {
    const file = join(dir, 'no-value.csv');
    writeFileSync(file, 'timestamp,reading\n1704067200000,1\n');
    const unknown = await runCli(['backtest', file, '--detector', 'zscor']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('did you mean "zscore"');
    const param = await runCli(['backtest', file, '--detector', 'zscore', '--param', 'treshold=3']);
    expect(param.stderr).toContain('did you mean "threshold"');
    const column = await runCli(['backtest', file, '--detector', 'zscore']);
    expect(column.code).toBe(1);
    expect(column.stderr).toContain('value');
  });
});
