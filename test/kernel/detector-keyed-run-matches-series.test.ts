// detectorRunKeyed over interleaved keys gives each key exactly the rows a run over that key's
// series alone gives: a key's state is created on its first row and only its own rows touch it.
// Key ids are sparse and large enough to make the state table grow between calls.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DET_OUT_F64 } from '../../src/detect/detector-output.js';
import { DETECTORS_BEST_FIRST } from '../../src/detect/detector-catalog.js';
import { KeyedDetector, runDetectorSeries } from '../../src/detect/series-detector.js';
import { debugDetectors, firstDifference, normal } from '../support/detector-series.js';
import { seededRandom } from '../../src/demo/seeded-random.js';

const k = debugDetectors();

describe('keyed runs equal per-key series runs', () => {
  for (const spec of DETECTORS_BEST_FIRST) {
    it(spec.name, () => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(0, 3, 70, 150), { minLength: 1, maxLength: 600 }), fc.integer(), fc.integer({ min: 1, max: 3 }), (keys, seed, calls) => {
          const r = seededRandom(seed);
          const values = Float64Array.from(keys, (key) => key + normal(r) * (1 + key / 10) + (r() < 0.01 ? 50 : 0));
          const times = Float64Array.from(keys, (_, i) => i);
          const keyed = KeyedDetector.create(k, spec.name, {});
          const rows = new Float64Array(keys.length * DET_OUT_F64);
          const cut = Math.floor(keys.length / calls);
          for (let c = 0; c < calls; c++) {
            const from = c * cut;
            const to = c === calls - 1 ? keys.length : from + cut;
            rows.set(keyed.run(keys.slice(from, to), times.subarray(from, to), values.subarray(from, to)), from * DET_OUT_F64);
          }
          expect(keyed.stateBytes()).toBeGreaterThan(0);
          keyed.free();
          for (const key of new Set(keys)) {
            const idx = keys.flatMap((kk, i) => (kk === key ? [i] : []));
            const alone = runDetectorSeries(k, spec.name, {}, idx.map((i) => times[i]!), idx.map((i) => values[i]!));
            const mine = new Float64Array(idx.length * DET_OUT_F64);
            idx.forEach((i, j) => mine.set(rows.subarray(i * DET_OUT_F64, (i + 1) * DET_OUT_F64), j * DET_OUT_F64));
            const diff = firstDifference(mine, alone, idx.map((i) => values[i]!));
            if (diff) expect.fail(`key ${key}: ${diff}`);
          }
        }),
        { numRuns: 40 },
      );
    });
  }
});
