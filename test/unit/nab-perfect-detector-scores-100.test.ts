import { beforeAll, describe, expect, it } from 'vitest';
import type { NabCorpus } from '../../src/nab/nab-corpus.js';
import { loadNabCorpus, nabDataAvailable } from '../../src/nab/nab-corpus-loader.js';
import { evaluateNab } from '../../src/nab/nab-evaluate.js';
import { NAB_PROFILE_NAMES } from '../../src/nab/nab-profiles.js';

/** 1 on the first row of every window, 0 elsewhere: NAB's "perfect" detector. */
function leftEdgeScores(corpus: NabCorpus): Float64Array[] {
  return corpus.files.map(({ layout }) => {
    const scores = new Float64Array(layout.rowCount);
    for (let i = 0; i < layout.rowCount; i++) {
      const w = layout.windowOfRow[i]!;
      if (w >= 0 && layout.windowOfRow[i - 1] !== w) scores[i] = 1;
    }
    return scores;
  });
}

describe.skipIf(!nabDataAvailable())('on the real NAB corpus, firing exactly at each window left edge', () => {
  let corpus: NabCorpus;
  beforeAll(async () => {
    corpus = await loadNabCorpus();
  });

  it('finds all 116 windows past probation', () => {
    expect(corpus.labelledWindowCount).toBe(116);
    expect(corpus.files.flatMap((f) => f.layout.windowScored).every(Boolean)).toBe(true);
  });

  it.each(NAB_PROFILE_NAMES)('scores 100 on %s, at threshold 1', (profile) => {
    const result = evaluateNab(corpus, leftEdgeScores(corpus))[profile];
    expect(result.threshold).toBe(1);
    expect(result.raw).toBeCloseTo(116 * result.profile.tpWeight, 10);
    expect(result.normalised).toBeCloseTo(100, 10);
    expect(result.counts).toMatchObject({ tp: 116, fp: 0 });
  });
});
