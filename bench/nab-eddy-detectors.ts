// eddy's own detectors as the NAB bench runs them: the WASM release kernel, the catalog's default
// parameters, one series per file, exactly what `eddy backtest` and a streaming job compute. The
// score NAB sweeps its threshold over is the detector's score column.

import { DETECTORS_BEST_FIRST, resolveDetectorParams } from '../src/detect/detector-catalog.js';
import { DET_OUT_F64, DET_SCORE } from '../src/detect/detector-output.js';
import { runResolvedSeries } from '../src/detect/series-detector.js';
import { detectorExports } from '../src/wasm/detector-exports.js';
import { instantiateKernel } from '../src/wasm/kernel-module.js';
import type { NabDetector, NabSeries } from './nab-bench.js';
import { nabProbationRows } from '../src/nab/nab-probation.js';

type Params = Readonly<Record<string, number>>;

/** One catalog detector; `params` over its defaults (as `--param` would give them), or a function of the series. */
export function eddyNabDetector(name: string, params: Params | ((series: NabSeries) => Params) = {}, label = name): NabDetector {
  const kernel = detectorExports(instantiateKernel('release'));
  return {
    name: label,
    run(series: NabSeries): Float64Array {
      const detector = resolveDetectorParams(name, typeof params === 'function' ? params(series) : params);
      const rows = runResolvedSeries(kernel, detector, series.timestamps, series.values);
      const scores = new Float64Array(series.values.length);
      for (let i = 0; i < scores.length; i++) scores[i] = rows[i * DET_OUT_F64 + DET_SCORE]!;
      return scores;
    },
  };
}

/**
 * Every catalog detector at its defaults — a job that knows nothing about its series in advance —
 * and `context` also under NAB's own protocol, which the published CAD OSE score used: the file's
 * min and max as its range, and a rest period of NAB's probation / 5 rows; at eddy's defaults and
 * with CAD OSE's own maxActiveNeurons (15), the configuration of the published score.
 */
export function eddyNabDetectors(): NabDetector[] {
  const protocol = (s: NabSeries) => ({ inputMin: s.inputMin, inputMax: s.inputMax, restPeriod: Math.max(1, Math.trunc(nabProbationRows(s.values.length) / 5)) });
  return [
    // CAD OSE's own parameters (15 active neurons, eddy's default is 1): the published 69.9's configuration.
    eddyNabDetector('context', (s) => ({ ...protocol(s), maxActiveNeurons: 15 }), 'context, CAD OSE\'s maxActiveNeurons 15 (NAB protocol: range given)'),
    eddyNabDetector('context', protocol, 'context (NAB protocol: range given)'),
    ...DETECTORS_BEST_FIRST.map((d) => eddyNabDetector(d.name, {}, d.name === 'context' ? 'context (range learned, defaults)' : d.name)),
  ];
}
