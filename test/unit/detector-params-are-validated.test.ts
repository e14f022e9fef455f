// resolveDetectorParams refuses what cannot run and says what to write instead; what it accepts
// becomes the f64 words in the catalog's order, defaults filled in.

import { describe, expect, it } from 'vitest';
import { DETECTORS_BEST_FIRST, DetectorParamError, resolveDetectorParams } from '../../src/detect/detector-catalog.js';

function message(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DetectorParamError);
    return (e as Error).message;
  }
  throw new Error('expected a DetectorParamError');
}

describe('detector params are validated', () => {
  it('fills every default, in word order', () => {
    for (const spec of DETECTORS_BEST_FIRST) {
      const { words } = resolveDetectorParams(spec.name, {});
      expect([...words]).toEqual(spec.params.map((p) => p.default));
    }
  });

  it('every default is inside its own range, and every detector names a threshold param it has', () => {
    for (const spec of DETECTORS_BEST_FIRST) {
      for (const p of spec.params) {
        // NaN means "learn it from the data" (context's inputMin/inputMax), not a value to range-check.
        if (Number.isNaN(p.default)) continue;
        expect(p.default, `${spec.name}.${p.name}`).toBeGreaterThanOrEqual(p.min);
        expect(p.default, `${spec.name}.${p.name}`).toBeLessThanOrEqual(p.max);
      }
      expect(spec.params.map((p) => p.name)).toContain(spec.thresholdParam);
    }
  });

  it('takes numbers and numeric strings (a command line gives strings)', () => {
    const { words } = resolveDetectorParams('mad', { window: '128', threshold: 3.5 });
    expect([...words]).toEqual([128, 3.5, 32]);
  });

  it('an unknown detector: did you mean, and the known ones', () => {
    const m = message(() => resolveDetectorParams('zscor'));
    expect(m).toContain('unknown detector "zscor"');
    expect(m).toContain('did you mean "zscore"?');
    expect(m).toContain('known: context, mad, spike-dip, change-point, zscore');
  });

  it('an unknown parameter: did you mean, and the detector\'s parameters', () => {
    const m = message(() => resolveDetectorParams('spike-dip', { historysize: 50 }));
    expect(m).toContain('has no parameter "historysize"');
    expect(m).toContain('did you mean "historySize"?');
    expect(m).toContain('its parameters: mode, confidence, historySize, levelWindow');
    expect(message(() => resolveDetectorParams('zscore', { sigma: 3 }))).not.toContain('did you mean');
  });

  it('a non-number, with an example of what to write', () => {
    expect(message(() => resolveDetectorParams('zscore', { threshold: 'high' }))).toContain('"threshold" must be a finite number, got "high" — write e.g. threshold=4');
    expect(message(() => resolveDetectorParams('zscore', { threshold: '' }))).toContain('must be a finite number');
    expect(message(() => resolveDetectorParams('zscore', { alpha: Number.NaN }))).toContain('must be a finite number');
  });

  it('a fraction where a whole number is needed', () => {
    expect(message(() => resolveDetectorParams('mad', { window: 64.5 }))).toContain('"window" must be a whole number, got 64.5');
  });

  it('a value out of range names the range and the default', () => {
    const m = message(() => resolveDetectorParams('spike-dip', { confidence: 100 }));
    expect(m).toContain('"confidence" is 100, outside [50, 99.99]');
    expect(m).toContain('default 99.5');
    expect(message(() => resolveDetectorParams('spike-dip', { mode: 3 }))).toContain('"mode" is 3, outside [0, 2]');
    expect(message(() => resolveDetectorParams('mad', { window: 2 }))).toContain('outside [3, 8192]');
    expect(message(() => resolveDetectorParams('zscore', { alpha: 0 }))).toContain('outside [0.0001, 1]');
  });

  it('change-point refuses clip ≤ drift, which no residual could push past', () => {
    expect(message(() => resolveDetectorParams('change-point', { drift: 2, clip: 2 }))).toContain('clip (2) must be greater than drift (2)');
  });
});
