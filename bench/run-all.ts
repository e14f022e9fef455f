// `npm run bench`: kernels, then end to end, then latency at half the eddy rate just measured,
// then one summary table. Figures are medians and ratios; nothing here asserts on time.
//
//   npm run bench                                   (about 3-4 minutes on two cores)
//   BENCH_ENTRIES=200000 BENCH_RUNS=1 BENCH_KERNEL_EVENTS=200000 npm run bench     (about a minute)

import { benchOptionsFromEnv } from './bench-options.js';
import { machineLine, summaryTable } from './bench-summary.js';
import { formatEndToEnd, runEndToEnd } from './end-to-end.js';
import { formatKernels, runKernels } from './kernels.js';
import { DEFAULT_LATENCY_RATE, formatLatency, runLatency } from './latency.js';

async function main(): Promise<void> {
  const options = benchOptionsFromEnv();
  const started = performance.now();
  const machine = machineLine();
  console.log(`eddy benchmarks on ${machine}`);
  console.log(`options: ${JSON.stringify(options)}\n`);
  const failures: string[] = [];
  const attempt = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (e) {
      // One broken benchmark should not hide the others' figures.
      failures.push(`${name}: ${(e as Error).message}`);
      console.error(`${name} failed:`, e);
      return undefined;
    }
  };

  const kernels = await attempt('kernels', () => runKernels(options));
  if (kernels) console.log(['', ...formatKernels(kernels), ''].join('\n'));
  const endToEnd = await attempt('end-to-end', () => runEndToEnd(options));
  if (endToEnd) console.log(['', ...formatEndToEnd(endToEnd), ''].join('\n'));
  // Half of what eddy sustained on its own: a load it should carry with room to spare.
  const rate = options.rate ?? (endToEnd ? Math.round(endToEnd.eddy.childRate / 2 / 1000) * 1000 : DEFAULT_LATENCY_RATE);
  const latency = await attempt('latency', () => runLatency(options, rate));
  if (latency) console.log(['', ...formatLatency(latency), ''].join('\n'));

  console.log(['', '## Summary', '', `Machine: ${machine}.`, `Total ${((performance.now() - started) / 1000).toFixed(0)} s. Medians of repeated runs; the spread column of the end-to-end table says how noisy the machine was.`, '', ...summaryTable(kernels, endToEnd, latency)].join('\n'));
  if (failures.length > 0) {
    console.log(['', ...failures.map((f) => `FAILED ${f}`)].join('\n'));
    process.exitCode = 1;
  }
}

await main();
