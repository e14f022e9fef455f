// `npm run bench:nab`: scores every detector in nab-detectors.ts on the NAB corpus and prints the
// table beside NAB's published scoreboard. Reads $EDDY_NAB_DIR, else ../shared/data/nab.

import { formatNabTable, runNabBench } from './nab-bench.js';
import { nabDetectors } from './nab-detectors.js';

const result = await runNabBench(nabDetectors, {
  onDetector: (name, seconds) => console.error(`${name}: ran over the corpus in ${seconds.toFixed(2)} s`),
});
console.log(formatNabTable(result));
