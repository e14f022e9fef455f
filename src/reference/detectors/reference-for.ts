// The TypeScript reference of a detector kind, built from the same f64 param words the kernel's
// detectorCreate reads: what the kernel-vs-reference tests and bench/detectors.ts compare against.

import { DETECTOR_CHANGE_POINT, DETECTOR_CONTEXT, DETECTOR_MAD, DETECTOR_SPIKE_DIP, DETECTOR_ZSCORE } from '../../detect/detector-output.js';
import { CONTEXT_PARAM_ORDER, ContextReference, type ContextParams } from './context-reference.js';
import { ChangePointReference } from './change-point-reference.js';
import { writeRow, type DetectorReference } from './detector-reference.js';
import { MadReference } from './mad-reference.js';
import { SpikeDipReference } from './spike-dip-reference.js';
import { ZscoreReference } from './zscore-reference.js';

/** A fresh reference of detector `kind` from its param words (catalog order). */
export function referenceFor(kind: number, w: ArrayLike<number>): DetectorReference {
  const word = (i: number): number => {
    const v = w[i];
    if (v === undefined) throw new RangeError(`detector kind ${kind}: param word ${i} is missing`);
    return v;
  };
  switch (kind) {
    case DETECTOR_ZSCORE:
      return new ZscoreReference({ alpha: word(0), threshold: word(1), warmup: word(2) });
    case DETECTOR_MAD:
      return new MadReference({ window: word(0), threshold: word(1), warmup: word(2) });
    case DETECTOR_SPIKE_DIP:
      return new SpikeDipReference({ mode: word(0), confidence: word(1), historySize: word(2), levelWindow: word(3) });
    case DETECTOR_CHANGE_POINT:
      return new ChangePointReference({ drift: word(0), threshold: word(1), clip: word(2), alpha: word(3), warmup: word(4) });
    case DETECTOR_CONTEXT: {
      const params = Object.fromEntries(CONTEXT_PARAM_ORDER.map((name, i) => [name, word(i)])) as unknown as ContextParams;
      const ref = new ContextReference(params);
      return {
        step(_time, value, rows, at) {
          const r = ref.step(value);
          writeRow(rows, at, r.score, r.expected, r.lower, r.upper, r.direction, r.warmup, r.anomaly);
        },
      };
    }
    default:
      throw new RangeError(`detector kind ${kind} has no TypeScript reference`);
  }
}
