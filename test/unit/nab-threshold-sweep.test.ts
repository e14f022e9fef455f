import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/demo/seeded-random.js';
import type { NabProfile } from '../../src/nab/nab-profiles.js';
import { scoreNabFile } from '../../src/nab/nab-scorer.js';
import {
  bestNabThreshold,
  NAB_START_THRESHOLD,
  prepareNabSweep,
  sweepNabThresholds,
  type NabSweepFile,
} from '../../src/nab/nab-sweep.js';
import { layoutNabFile, type NabWindowText } from '../../src/nab/nab-windows.js';

const T0 = Date.UTC(2015, 5, 1);
const iso = (row: number) => new Date(T0 + row * 300_000).toISOString();

/** A small file: rows, non-overlapping windows (as sorted distinct row pairs), coarse scores that tie often. */
const fileArb = fc.integer({ min: 5, max: 60 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    edges: fc.uniqueArray(fc.integer({ min: 0, max: rows - 1 }), { maxLength: 6 }),
    scores: fc.array(fc.integer({ min: 0, max: 5 }).map((k) => k / 5), { minLength: rows, maxLength: rows }),
  }),
);

const profileArb: fc.Arbitrary<NabProfile> = fc.record({
  name: fc.constant('standard' as const),
  tpWeight: fc.double({ min: 0.1, max: 3, noNaN: true }),
  fnWeight: fc.double({ min: 0.1, max: 3, noNaN: true }),
  fpWeight: fc.double({ min: 0.01, max: 1, noNaN: true }),
});

function toSweepFile({ rows, edges, scores }: { rows: number; edges: number[]; scores: number[] }): NabSweepFile {
  const sorted = [...edges].sort((a, b) => a - b);
  const windows: NabWindowText[] = [];
  for (let j = 0; j + 1 < sorted.length; j += 2) windows.push([iso(sorted[j]!), iso(sorted[j + 1]!)]);
  const timestamps = Float64Array.from({ length: rows }, (_, i) => T0 + i * 300_000);
  return { layout: layoutNabFile('random.csv', timestamps, windows), anomalyScores: Float64Array.from(scores) };
}

describe('the O(n log n) threshold sweep equals scoring the corpus afresh at every threshold', () => {
  it('holds on random small corpora', () => {
    fc.assert(
      fc.property(fc.array(fileArb, { minLength: 1, maxLength: 4 }), profileArb, (raw, profile) => {
        const files = raw.map(toSweepFile);
        const curve = sweepNabThresholds(prepareNabSweep(files), profile);

        // Candidates: NAB's start value, then every distinct score of a scored row, descending.
        const scored = new Set<number>();
        for (const { layout, anomalyScores } of files) {
          for (let i = layout.probation; i < layout.rowCount; i++) scored.add(anomalyScores[i]!);
        }
        expect([...curve.thresholds]).toEqual([NAB_START_THRESHOLD, ...[...scored].sort((a, b) => b - a)]);

        const bruteForce = [...curve.thresholds].map((t) =>
          files.reduce((sum, f) => sum + scoreNabFile(f.layout, f.anomalyScores, t, profile).score, 0),
        );
        curve.scores.forEach((s, k) => expect(s).toBeCloseTo(bruteForce[k]!, 9));
        expect(bestNabThreshold(curve).score).toBeCloseTo(Math.max(...bruteForce), 9);
      }),
      { numRuns: 300 },
    );
  });

  // A generous bound: about 1 s here; rescoring the corpus at each of 300 000 thresholds would take hours.
  it('sweeps 300 000 distinct scores in well under 15 s', () => {
    const rows = 30_000;
    const random = seededRandom(7);
    const files = Array.from({ length: 10 }, () =>
      toSweepFile({
        rows,
        edges: [3000, 3400, 20_000, 20_400],
        scores: Array.from({ length: rows }, () => random()),
      }),
    );
    const started = performance.now();
    const curve = sweepNabThresholds(prepareNabSweep(files), { name: 'standard', tpWeight: 1, fnWeight: 1, fpWeight: 0.11 });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(curve.thresholds.length).toBeGreaterThan(250_000);
  });
});
