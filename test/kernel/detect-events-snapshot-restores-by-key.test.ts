// A detection job's detector states (assembly/detect-events.ts), snapshotted in one kernel instance
// and restored into another that interned its keys in a different order (so every key has another
// id there), judge the rest of the stream exactly as the first instance goes on judging it: the
// same rows, word for word, for every key — those restored, and those first seen after the cut.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETECTORS_BEST_FIRST, resolveDetectorParams } from '../../src/detect/detector-catalog.js';
import { restoreDetectEvents, snapshotDetectEvents } from '../../src/detect/detector-snapshot.js';
import { seededRandom } from '../../src/demo/seeded-random.js';
import { detectBatch, detectKernel, internText } from '../support/detect-events-kernel.js';
import { firstDifference, normal } from '../support/detector-series.js';

/** Keys of several byte lengths, an empty one and non-ASCII bytes among them. */
const KEYS = ['a', 'bb', 'sensor:0042', '', 'ключ-7', 'x'.repeat(200)];

describe('detection job snapshots restore by key bytes', () => {
  for (const spec of DETECTORS_BEST_FIRST) {
    it(spec.name, () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: KEYS.length - 1 }), { minLength: 1, maxLength: 500 }),
          fc.integer(),
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.array(fc.integer({ min: 0, max: KEYS.length - 1 })),
          (picks, seed, at, internedFirst) => {
            const detector = resolveDetectorParams(spec.name, spec.name === 'context' ? { restPeriod: 10 } : {});
            const r = seededRandom(seed);
            const keys = picks.map((i) => KEYS[i]!);
            const values = Float64Array.from(picks, (i) => 10 * i + normal(r) * (1 + i) + (r() < 0.02 ? 40 : 0));
            const times = Float64Array.from(picks, (_, i) => i * 1000);
            const cut = Math.floor(at * keys.length);

            const a = detectKernel(detector);
            detectBatch(a, keys.slice(0, cut), times.subarray(0, cut), values.subarray(0, cut));
            const snapshot = snapshotDetectEvents(a, detector);

            // Another interning order: an unrelated key, then some keys in a random order, first.
            const b = detectKernel(detector);
            internText(b, 'unrelated');
            for (const i of internedFirst) internText(b, KEYS[i]!);
            const restored = restoreDetectEvents(b, detector, snapshot);
            expect(restored).toBe(new Set(keys.slice(0, cut)).size);

            const expected = detectBatch(a, keys.slice(cut), times.subarray(cut), values.subarray(cut));
            const actual = detectBatch(b, keys.slice(cut), times.subarray(cut), values.subarray(cut));
            const diff = firstDifference(actual, expected, values.subarray(cut));
            if (diff) expect.fail(`restored at row ${cut}: ${diff}`);
            expect(snapshotDetectEvents(b, detector).length).toBe(snapshotDetectEvents(a, detector).length);
          },
        ),
        { numRuns: spec.name === 'context' ? 60 : 120 },
      );
    });
  }
});
