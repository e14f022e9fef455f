import { beforeAll, describe, expect, it } from 'vitest';
import { buildNabCorpus, type NabCorpus } from '../../src/nab/nab-corpus.js';
import { loadNabCorpus, nabDataAvailable } from '../../src/nab/nab-corpus-loader.js';
import { evaluateNab } from '../../src/nab/nab-evaluate.js';
import { NAB_PROFILE_NAMES, type NabProfiles } from '../../src/nab/nab-profiles.js';
import type { NabWindowText } from '../../src/nab/nab-windows.js';

const constant = (corpus: NabCorpus, value: number) =>
  corpus.files.map((f) => new Float64Array(f.layout.rowCount).fill(value));

function expectZeroEverywhere(corpus: NabCorpus, value: number): void {
  const evaluation = evaluateNab(corpus, constant(corpus, value));
  for (const name of NAB_PROFILE_NAMES) {
    const r = evaluation[name];
    // NAB's null detector never gains from firing, so its best threshold is the start value 1.1:
    // every scored window is a miss.
    expect(r.nullRaw).toBeCloseTo(-corpus.labelledWindowCount * r.profile.fnWeight, 9);
    expect(r.raw).toBeCloseTo(r.nullRaw, 9);
    expect(r.normalised).toBeCloseTo(0, 9);
  }
}

describe('a detector that never stands out scores 0', () => {
  const profiles: NabProfiles = {
    standard: { name: 'standard', tpWeight: 1, fnWeight: 1, fpWeight: 0.11 },
    reward_low_FP_rate: { name: 'reward_low_FP_rate', tpWeight: 1, fnWeight: 1, fpWeight: 0.22 },
    reward_low_FN_rate: { name: 'reward_low_FN_rate', tpWeight: 1, fnWeight: 2, fpWeight: 0.11 },
  };
  const T0 = Date.UTC(2014, 3, 1);
  const rows = 200;
  const text = (i: number) => new Date(T0 + i * 60_000).toISOString();
  const synthetic = buildNabCorpus(
    [
      { path: 'a/one.csv', windows: [[text(50), text(70)], [text(120), text(140)]] as NabWindowText[] },
      { path: 'a/none.csv', windows: [] },
    ].map((f) => ({
      ...f,
      timestamps: Float64Array.from({ length: rows }, (_, i) => T0 + i * 60_000),
      values: new Float64Array(rows),
    })),
    profiles,
  );

  it.each([0.5, 0])('on a synthetic corpus, answering %s for every row', (value) => {
    expectZeroEverywhere(synthetic, value);
  });

  describe.skipIf(!nabDataAvailable())('on the real NAB corpus', () => {
    let corpus: NabCorpus;
    beforeAll(async () => {
      corpus = await loadNabCorpus();
    });

    it.each([0.5, 0])('answering %s for every row', (value) => {
      expectZeroEverywhere(corpus, value);
    });
  });
});
